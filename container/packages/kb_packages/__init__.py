"""Kernel Broker's package installs, run by the broker inside the Python kernel (never in user code's namespace).

The broker sends one silent cell, `__import__('kb_packages').main('<json request>')`, and reads back one line:
MARKER followed by the JSON result.
"""
import importlib
import importlib.util
import json
import time

from . import install as pip
from .scan import missing

MARKER = "__KB_PACKAGES__"


def main(request_json: str) -> None:
    request = json.loads(request_json)
    pip.ensure_on_path()
    deadline = time.monotonic() + float(request.get("timeout", 120))
    max_bytes = int(request.get("max_bytes", 256 << 20))
    index = request.get("index")
    if request["action"] == "prepare":
        wanted = missing(request.get("code", ""))
        result = {"missing": wanted, "installed": [], "failed": []}
        if wanted and request.get("install", True):
            _install_all(result, [(w["distribution"], w["module"]) for w in wanted], index, deadline, max_bytes)
    else:
        result = {"missing": [], "installed": [], "failed": []}
        specs = request.get("packages", [])
        bad = [s for s in specs if not isinstance(s, str) or not pip.valid_spec(s)]
        if bad:
            result["failed"] = [{"distribution": str(s), "reason": "invalid", "detail": "not a requirement like"
                                 " name, name==1.2 or name[extra]>=1"} for s in bad]
        else:
            _install_all(result, [(s, None) for s in specs], index, deadline, max_bytes)
    print(MARKER + json.dumps(result), flush=True)


def _install_all(result: dict, wanted: list, index, deadline: float, max_bytes: int) -> None:
    for distribution, module in wanted:
        try:
            result["installed"].extend(pip.install(distribution, index, deadline, max_bytes))
        except pip.InstallFailure as failure:
            result["failed"].append({"distribution": distribution, "module": module, "reason": failure.reason,
                                     "detail": failure.detail})
            continue
        importlib.invalidate_caches()
        if module and importlib.util.find_spec(module) is None:
            result["failed"].append({"distribution": distribution, "module": module, "reason": "no_module",
                                     "detail": f"{distribution} was installed but provides no module {module}"})
