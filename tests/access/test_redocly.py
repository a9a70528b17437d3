"""Redocly's `recommended` ruleset finds every operation's security declared."""

import json
import os
import subprocess

from tests.contract.node_tools import BIN, NODE_DIR, require_node_tools


def test_redocly_recommended_reports_no_security_defined_problem(client, tmp_path):
    require_node_tools("redocly")
    spec = tmp_path / "openapi.json"
    spec.write_text(json.dumps(client.get("/openapi.json").json()))
    result = subprocess.run(
        [str(BIN / "redocly"), "lint", "--extends", "recommended", "--format", "json", str(spec)],
        capture_output=True, text=True, timeout=180, cwd=NODE_DIR,
        env={**os.environ, "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"},
    )
    start = result.stdout.find("{")
    assert start >= 0, result.stderr[-2000:]
    problems = json.loads(result.stdout[start:])["problems"]
    assert [p for p in problems if p["ruleId"] == "security-defined"] == []
    operations = sum(len(item) for item in client.get("/openapi.json").json()["paths"].values())
    assert operations > 40
