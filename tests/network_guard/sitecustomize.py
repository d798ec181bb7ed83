"""Loaded by any Python process started with this folder on PYTHONPATH (the app under test).

It refuses every outbound connection that is not to this machine's loopback and records the attempt in
$NETWORK_GUARD_LOG, so a test can prove the app never reached out, not even for tokenizer files.
"""

import network_guard_core

network_guard_core.install()
