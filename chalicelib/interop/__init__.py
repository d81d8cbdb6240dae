"""Interop: importers (Postman, OpenAPI, cURL, HAR, Insomnia) and exporters (Postman v2.1, OpenAPI 3.1, HAR), as
pure functions from bytes to our documents and back. The API writes an import in one all-or-nothing step."""
