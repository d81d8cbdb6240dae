/** Header names offered by the key autocomplete of the Headers table. */
export const COMMON_HEADERS = [
  "Accept", "Accept-Charset", "Accept-Encoding", "Accept-Language", "Authorization", "Cache-Control", "Connection",
  "Content-Disposition", "Content-Encoding", "Content-Language", "Content-Length", "Content-Type", "Cookie", "Date",
  "DNT", "Expect", "Forwarded", "From", "Host", "If-Match", "If-Modified-Since", "If-None-Match", "If-Range",
  "If-Unmodified-Since", "Idempotency-Key", "Origin", "Pragma", "Prefer", "Range", "Referer", "TE", "Upgrade",
  "User-Agent", "Via", "X-API-Key", "X-Correlation-ID", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto",
  "X-Request-ID", "X-Requested-With",
];
