"""The limitation codes: what a target's client does instead of sending a request exactly (see TARGETS).

tests/codegen/expect.py implements the exact effect of each on the wire; applies.py says when one may apply."""

JOINS_DUPLICATES = "joins-duplicate-headers"  # a repeated name goes out once, values joined with ", "
GROUPS_DUPLICATES = "groups-duplicate-headers"  # a repeated name's lines go out together, at the first one's place
KEEPS_LAST_DUPLICATE = "keeps-last-duplicate"  # a repeated name goes out once, with its last value
JOINS_COOKIES = "joins-cookie-headers"  # repeated Cookie headers go out as one, joined with "; "
COOKIES_LAST = "cookies-last"  # repeated Cookie headers go out as one, joined with "; ", after every other header
SORTS_HEADERS = "sorts-headers"  # header lines go out sorted by name (case-insensitively), repeats together
DEFAULTS_KEEP_PLACE = "defaults-keep-place"  # a header the client sets by default keeps its place when overridden
CONTENT_HEADERS_LAST = "content-headers-last"  # Content-* headers go out after the others
NON_ASCII_HEADER_QMARK = "non-ascii-header-as-question-mark"  # a non-ASCII character of a value is sent as "?"
NON_LATIN1_HEADER_REJECTED = "non-latin1-header-rejected"  # a value with a character above U+00FF is refused
NON_ASCII_HEADER_REJECTED = "non-ascii-header-rejected"  # a non-ASCII header value is refused
ADDS_FORM_CONTENT_TYPE = "adds-form-content-type"  # no Content-Type → application/x-www-form-urlencoded is added
NO_BODY_ON_GET = "no-body-on-get-head"  # GET and HEAD cannot carry a body: it is left out
ENCODES_BRACKETS = "encodes-brackets-in-query"  # [ and ] in the query go out as %5B and %5D
ENCODES_APOSTROPHE = "encodes-apostrophe-in-query"  # ' in the query goes out as %27 (WHATWG URL rules)
DROPS_BACKSLASH = "drops-backslash-before-separator"  # HTTPie: a \ right before : = @ ; in a value is lost
BINARY_AS_NOTE = "binary-body-as-base64-note"  # a binary body is shown as base64, not sent
UNVERIFIED = "unverified"  # no runtime here: the snippet is syntax-checked only
NO_REDIRECTS = "does-not-follow-redirects"  # the client never follows a redirect: the snippet shows the first answer
ALWAYS_FOLLOWS = "always-follows-redirects"  # not following needs more than a snippet: a comment says how
TLS_OFF_AS_NOTE = "tls-verification-off-as-note"  # the client cannot simply skip TLS checks: a comment says how
