"""kb_packages in the image: which imports count as missing, the name mapping, and pip bounded by size.

The index is a PEP 503 folder this test writes under /tmp with a hand-made wheel (file:// URL), so nothing here
needs a network.
"""
import base64
import hashlib
import io
import json
import os
import sys
import tempfile
import time
import unittest
import zipfile
from contextlib import redirect_stdout

import kb_packages
from kb_packages import install, scan


def make_index(root: str, name: str, version: str, module: str) -> str:
    info = f"{name.replace('-', '_')}-{version}.dist-info/"
    files = {
        f"{module}/__init__.py": "VALUE = 42\n",
        info + "METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
        info + "WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    def digest(text):
        return base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()

    record = "".join(f"{path},sha256={digest(text)},{len(text.encode())}\n" for path, text in files.items())
    files[info + "RECORD"] = record + info + "RECORD,,\n"
    wheel = f"{name.replace('-', '_')}-{version}-py3-none-any.whl"
    project = os.path.join(root, "simple", name)
    os.makedirs(project)
    with zipfile.ZipFile(os.path.join(project, wheel), "w") as archive:
        for path, text in files.items():
            archive.writestr(path, text)
    with open(os.path.join(project, "index.html"), "w") as page:
        page.write(f'<html><body><a href="{wheel}">{wheel}</a></body></html>\n')
    return "file://" + os.path.join(root, "simple")


class ScanTest(unittest.TestCase):
    def test_only_unconditional_imports_nothing_provides_are_missing(self):
        code = ("import os, json\nimport numpy as np\nfrom kb_absent_one.sub import thing\nimport kb_absent_two\n"
                "from . import sibling\nif False:\n    import kb_conditional\n"
                "try:\n    import kb_optional\nexcept ImportError:\n    kb_optional = None\n"
                "def later():\n    import kb_in_function\n")
        self.assertEqual([m["module"] for m in scan.missing(code)],
                         ["kb_absent_one", "kb_absent_two", "kb_in_function"])

    def test_well_known_import_names_map_to_their_distributions(self):
        self.assertEqual(scan._distribution("sklearn.linear_model"), "scikit-learn")
        self.assertEqual(scan._distribution("cv2"), "opencv-python-headless")
        self.assertEqual(scan._distribution("PIL.Image"), "pillow")
        self.assertEqual(scan._distribution("yaml"), "PyYAML")
        self.assertEqual(scan._distribution("bs4"), "beautifulsoup4")
        self.assertEqual(scan._distribution("kb_plain"), "kb_plain")

    def test_code_that_does_not_parse_needs_nothing(self):
        self.assertEqual(scan.missing("import (\n"), [])

    def test_requirements_are_checked_before_pip_sees_them(self):
        self.assertTrue(install.valid_spec("scikit-learn"))
        self.assertTrue(install.valid_spec("requests[socks]>=2.31"))
        self.assertFalse(install.valid_spec("x; rm -rf /"))
        self.assertFalse(install.valid_spec("--index-url=http://evil"))


class InstallTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.index = make_index(tempfile.mkdtemp(), "kb-local-pkg", "2.0.1", "kb_local_pkg")

    def run_main(self, request: dict) -> dict:
        out = io.StringIO()
        with redirect_stdout(out):
            kb_packages.main(json.dumps(request))
        line = out.getvalue().strip()
        self.assertTrue(line.startswith(kb_packages.MARKER), line)
        return json.loads(line[len(kb_packages.MARKER):])

    def test_an_install_over_the_size_cap_is_refused_and_leaves_nothing(self):
        index = make_index(tempfile.mkdtemp(), "kb-big-pkg", "1.0", "kb_big_pkg")
        result = self.run_main({"action": "install", "packages": ["kb-big-pkg"], "index": index, "max_bytes": 100})
        self.assertEqual([f["reason"] for f in result["failed"]], ["too_large"], result)
        self.assertFalse(os.path.exists(os.path.join(install.SITE, "kb_big_pkg")))
        self.assertFalse(os.path.exists(install.STAGING))

    def test_a_missing_import_is_installed_and_then_importable(self):
        result = self.run_main({"action": "prepare", "code": "import kb_local_pkg", "index": self.index})
        self.assertEqual(result["installed"], [{"name": "kb-local-pkg", "version": "2.0.1"}], result)
        self.assertIn(install.SITE, sys.path)
        self.assertEqual(__import__("kb_local_pkg").VALUE, 42)
        again = self.run_main({"action": "prepare", "code": "import kb_local_pkg", "index": self.index})
        self.assertEqual((again["missing"], again["installed"]), ([], []))

    def test_a_distribution_the_index_lacks_is_not_found(self):
        started = time.monotonic()
        result = self.run_main({"action": "prepare", "code": "import kb_nowhere", "index": self.index})
        self.assertEqual([f["reason"] for f in result["failed"]], ["not_found"], result)
        self.assertLess(time.monotonic() - started, 30)
