"""Key layout of the single table, and the access patterns each key answers.

Pure string builders (no AWS here), shared by the services through the `Store` port.

| item                       | pk                    | sk                        | gsi1pk / gsi1sk                      |
|----------------------------|-----------------------|---------------------------|--------------------------------------|
| user profile               | USER#{uid}            | PROFILE                   | USERS / {created}#{uid}  (admin list)|
| email → user (unique)      | EMAIL#{email}         | EMAIL                     |                                      |
| session (refresh family)   | USER#{uid}            | SESSION#{sid}             |                                      |
| refresh token              | REFRESH#{sha256}      | REFRESH                   |                                      |
| API key (lookup)           | APIKEY#{sha256}       | APIKEY                    |                                      |
| API key (my list)          | USER#{uid}            | APIKEY#{kid}              |                                      |
| workspace                  | WS#{ws}               | META                      | WORKSPACES / {created}#{ws} (admin)  |
| membership                 | WS#{ws}               | MEMBER#{uid}              | USER#{uid} / WS#{ws}  (my workspaces)|
| invitation                 | WS#{ws}               | INVITE#{iid}              | INVITEE#{email} / {created}#{ws}     |
| invitation token           | INVTOKEN#{sha256}     | INVTOKEN                  |                                      |
| tree node (folder/request) | WS#{ws}               | NODE#{nid}                |                                      |
| request document           | WS#{ws}               | REQ#{nid}                 |                                      |
| request snapshot           | WS#{ws}               | SNAP#{nid}#{ver:010d}     |                                      |
| environment / globals      | WS#{ws}               | ENV#{eid} / ENV#globals   |                                      |
| OAuth 2.0 token (cache)    | WS#{ws}               | OAUTH#{name}              |                                      |
| rate-limit counter         | RL#{scope}#{subject}  | {window start}            |                                      |

Screens and the calls that answer them:
- every authenticated call: one BatchGetItem of profile + session (+ membership when the path names a workspace);
- sidebar tree: Query WS#{ws} begins_with NODE# (summaries only; one call per MB, 1,000 requests fit in one);
- my workspaces: Query gsi1 USER#{uid} begins_with WS# + BatchGetItem of the META items;
- members: Query WS#{ws} begins_with MEMBER# + BatchGetItem of the profiles;
- request editor: BatchGetItem NODE#{nid} + REQ#{nid}; snapshots: Query begins_with SNAP#{nid}#;
- environments: Query WS#{ws} begins_with ENV#;
- an execution's OAuth 2.0 token, on a miss of the worker's memory: GetItem OAUTH#{name} (name: the environment
  id, `-` for none), sealed under a KMS data key bound to the workspace; `ttl` is when the token (or its refresh
  token) lapses, so DynamoDB deletes it;
- admin: Query gsi1 USERS / WORKSPACES, paginated.
No request path scans.
"""

from __future__ import annotations


def user(uid: str) -> tuple[str, str]:
    return f"USER#{uid}", "PROFILE"


def email(address: str) -> tuple[str, str]:
    return f"EMAIL#{address}", "EMAIL"


def session(uid: str, sid: str) -> tuple[str, str]:
    return f"USER#{uid}", f"SESSION#{sid}"


def refresh(token_hash: str) -> tuple[str, str]:
    return f"REFRESH#{token_hash}", "REFRESH"


def api_key(key_hash: str) -> tuple[str, str]:
    return f"APIKEY#{key_hash}", "APIKEY"


def api_key_listing(uid: str, kid: str) -> tuple[str, str]:
    return f"USER#{uid}", f"APIKEY#{kid}"


def workspace(ws: str) -> tuple[str, str]:
    return f"WS#{ws}", "META"


def member(ws: str, uid: str) -> tuple[str, str]:
    return f"WS#{ws}", f"MEMBER#{uid}"


def invitation(ws: str, iid: str) -> tuple[str, str]:
    return f"WS#{ws}", f"INVITE#{iid}"


def invitation_token(token_hash: str) -> tuple[str, str]:
    return f"INVTOKEN#{token_hash}", "INVTOKEN"


def node(ws: str, nid: str) -> tuple[str, str]:
    return f"WS#{ws}", f"NODE#{nid}"


def request(ws: str, nid: str) -> tuple[str, str]:
    return f"WS#{ws}", f"REQ#{nid}"


def snapshot(ws: str, nid: str, ver: int) -> tuple[str, str]:
    return f"WS#{ws}", f"SNAP#{nid}#{ver:010d}"


def environment(ws: str, eid: str) -> tuple[str, str]:
    return f"WS#{ws}", f"ENV#{eid}"


def oauth_token(ws: str, name: str) -> tuple[str, str]:
    return f"WS#{ws}", f"OAUTH#{name}"


def ws_partition(ws: str) -> str:
    return f"WS#{ws}"


def user_partition(uid: str) -> str:
    return f"USER#{uid}"


USERS_INDEX = "USERS"
WORKSPACES_INDEX = "WORKSPACES"
GLOBALS_ID = "globals"


def ws_ticket(ticket_hash: str) -> tuple[str, str]:
    return f"WSTICKET#{ticket_hash}", "WSTICKET"


def ws_connection(cid: str) -> tuple[str, str]:
    return f"CONN#{cid}", "CONN"


def user_connections(uid: str) -> str:
    return f"USERCONN#{uid}"


def ws_subscription(ws: str, cid: str) -> tuple[str, str]:
    return f"WSSUB#{ws}", f"SUB#{cid}"


def ws_subscriptions(ws: str) -> str:
    return f"WSSUB#{ws}"


def file(ws: str, ref: str) -> tuple[str, str]:
    return f"WS#{ws}", f"FILE#{ref}"


def file_object(ws: str, ref: str) -> str:
    """The S3 key of an uploaded file (multipart and binary bodies)."""
    return f"files/{ws}/{ref}"


def export(ws: str, xid: str) -> tuple[str, str]:
    return f"WS#{ws}", f"EXPORT#{xid}"


def execution(eid: str) -> tuple[str, str]:
    return f"EXEC#{eid}", "EXEC"


def history_partition(ws: str, uid: str) -> str:
    return f"HIST#{ws}#{uid}"


def history(ws: str, uid: str, created: str, eid: str) -> tuple[str, str]:
    return history_partition(ws, uid), f"{created}#{eid}"
