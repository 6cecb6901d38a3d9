#!/usr/bin/env python3
"""Verifies a Kassa-Signature header with Stripe's own library, as a shop would.

Usage: verify-signature.py BODY_FILE HEADER SECRET
Exit 0 when stripe.WebhookSignature.verify_header accepts it (5-minute tolerance), 1 when it
rejects it (the reason on stderr), 2 when the stripe package is missing.
Run it with a Python that has `stripe` (scripts/stripe-venv creates one).
"""
import sys

try:
    import stripe
except ImportError:
    print("the stripe package is not installed (scripts/stripe-venv)", file=sys.stderr)
    sys.exit(2)

body_file, header, secret = sys.argv[1], sys.argv[2], sys.argv[3]
with open(body_file, "rb") as f:
    payload = f.read().decode("utf-8")
try:
    stripe.WebhookSignature.verify_header(payload, header, secret, tolerance=300)
except stripe.error.SignatureVerificationError as error:
    print(f"rejected: {error}", file=sys.stderr)
    sys.exit(1)
print("ok")
