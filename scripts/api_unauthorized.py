#!/usr/bin/env python3
"""Every operation of the API, asked without a token on a Tributary that has accounts,
answers 401 in the API's error shape (only the OpenAPI document itself is open).

    scripts/api_unauthorized.py http://127.0.0.1:3000
"""
import json
import sys
import urllib.error
import urllib.request

base = sys.argv[1].rstrip("/")
with urllib.request.urlopen(f"{base}/api/v1/openapi.json", timeout=10) as answer:
    document = json.load(answer)

failures = []
asked = 0
for path, item in document["paths"].items():
    for method in ("get", "post", "put", "delete", "patch"):
        if method not in item or path == "/api/v1/events/stream":
            continue
        # Any value for path parameters: the access check answers before routing does.
        concrete = path
        while "{" in concrete:
            start = concrete.index("{")
            concrete = concrete[:start] + "x" + concrete[concrete.index("}", start) + 1:]
        data = b"{}" if method in ("post", "put", "patch") else None
        request = urllib.request.Request(f"{base}{concrete}", data=data, method=method.upper(),
                                         headers={"content-type": "application/json"})
        asked += 1
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                failures.append(f"{method.upper()} {path}: {answer.status}, not 401")
        except urllib.error.HTTPError as refused:
            body = refused.read().decode("utf-8", "replace")
            try:
                code = json.loads(body)["error"]["code"]
            except (ValueError, KeyError, TypeError):
                code = None
            if refused.code != 401 or code != "unauthorized":
                failures.append(f"{method.upper()} {path}: {refused.code} {body[:200]}")

print(f"{asked} operations asked without a token: {asked - len(failures)} answered 401")
for failure in failures:
    print(f"  {failure}")
sys.exit(1 if failures else 0)
