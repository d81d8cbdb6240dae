"""Auth for the executor: which auth applies (inheritance), and applying it to a prepared request.

Pure: no AWS calls, and no network except OAuth 2.0 token requests through the httpx.Client the caller hands in.
Typical use, after the URL, headers and body are built:

    auth, source = resolve_inherited([request.auth, *folder_auths_inner_to_outer, collection.auth])
    httpx_auth = apply_auth(prepared, auth, client=client, token_cache=cache, cache_key=key)
    response = client.send(client.build_request(...from prepared...), auth=httpx_auth)
"""

from .apply import apply_auth
from .awsv4 import sign_aws_v4
from .cache import MemoryTokenCache, TokenCache
from .chain import attributes, resolve_inherited
from .errors import AuthError, AuthFailed, AuthNotSupported

__all__ = ["AuthError", "AuthFailed", "AuthNotSupported", "MemoryTokenCache", "TokenCache", "apply_auth",
           "attributes", "resolve_inherited", "sign_aws_v4"]
