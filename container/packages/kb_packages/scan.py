"""Which top-level modules a cell imports that this kernel cannot find, and which distribution provides each."""
import ast
import importlib.util
import sys

# Import name -> distribution name, where the two differ (otherwise they are the same, as pip compares them).
DISTRIBUTIONS = {
    "sklearn": "scikit-learn",
    "skimage": "scikit-image",
    "cv2": "opencv-python-headless",
    "PIL": "pillow",
    "yaml": "PyYAML",
    "bs4": "beautifulsoup4",
    "attr": "attrs",
    "dateutil": "python-dateutil",
    "dotenv": "python-dotenv",
    "jwt": "PyJWT",
    "Crypto": "pycryptodome",
    "OpenSSL": "pyOpenSSL",
    "serial": "pyserial",
    "docx": "python-docx",
    "pptx": "python-pptx",
    "fitz": "PyMuPDF",
    "zmq": "pyzmq",
    "psycopg2": "psycopg2-binary",
    "MySQLdb": "mysqlclient",
    "Levenshtein": "python-Levenshtein",
    "magic": "python-magic",
    "google.protobuf": "protobuf",
}


class _Imports(ast.NodeVisitor):
    """Imports the cell makes unconditionally. An import under `if` or in the body of a `try` that has handlers is
    optional or platform-specific by intent (try: import ujson / except ImportError), so it never triggers an
    install."""

    def __init__(self):
        self.names = []

    def visit_Import(self, node):
        self.names.extend(alias.name for alias in node.names)

    def visit_ImportFrom(self, node):
        if node.level == 0 and node.module:
            self.names.append(node.module)

    def visit_If(self, node):
        pass

    def visit_Try(self, node):
        if not node.handlers:
            self.generic_visit(node)
            return
        for part in (*node.handlers, *node.orelse, *node.finalbody):
            self.visit(part)

    visit_TryStar = visit_Try


def _parse(code: str):
    try:
        return ast.parse(code)
    except SyntaxError:
        pass
    try:  # IPython syntax (%magics, !commands): parse what IPython would run
        return ast.parse(get_ipython().transform_cell(code))  # noqa: F821 (a builtin inside IPython)
    except Exception:
        return None


def _distribution(dotted: str) -> str:
    for prefix in (dotted, dotted.split(".")[0]):
        if prefix in DISTRIBUTIONS:
            return DISTRIBUTIONS[prefix]
    return dotted.split(".")[0]


def missing(code: str) -> list:
    """[{module, distribution}] for each top-level module the code imports and nothing on sys.path provides."""
    tree = _parse(code)
    if tree is None:
        return []  # the kernel reports the syntax error itself
    visitor = _Imports()
    visitor.visit(tree)
    importlib.invalidate_caches()
    found, seen = [], set()
    for dotted in visitor.names:
        top = dotted.split(".")[0]
        if top in seen or top == "__future__" or top in sys.modules or top in sys.stdlib_module_names:
            continue
        seen.add(top)
        try:
            present = importlib.util.find_spec(top) is not None
        except (ImportError, ValueError):
            present = True  # something is there, if broken: installing over it would not help
        if not present:
            found.append({"module": top, "distribution": _distribution(dotted)})
    return found
