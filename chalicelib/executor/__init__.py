"""The executor core: pure, AWS-free, the same in Lambda, the local stack, the CLI and tests.

prepare (variables → auth → body) → send through an httpx transport that enforces the egress policy → result.
"""
