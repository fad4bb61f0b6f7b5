# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""ORM-free helpers of wx_push: request signing, payloads and their byte
limits, error classification, backoff, digests, and the local fakes."""
