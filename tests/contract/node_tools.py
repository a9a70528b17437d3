"""Where the contract tests find node and the npm tools of tests/contract/node (`make node-deps`)."""

import shutil
from pathlib import Path

import pytest

NODE_DIR = Path(__file__).parent / "node"
BIN = NODE_DIR / "node_modules" / ".bin"
CHROMIUM = Path("/usr/bin/chromium")


def require_node_tools(*tools: str) -> None:
    """Skip, saying why, unless node and the named installed tools are present."""
    if shutil.which("node") is None:
        pytest.skip("node is not installed; `make node-deps` needs it")
    missing = [
        tool
        for tool in tools
        if not (BIN / tool).exists() and not (NODE_DIR / "node_modules" / tool).exists()
    ]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed in {NODE_DIR}; run `make node-deps`")
