"""`python -m devserver`."""

from devserver.main import main

raise SystemExit(main())
