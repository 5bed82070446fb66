# Broker-internal code for define_tool, run in the session's Python kernel inside its sandbox (never on the host).
# The broker appends one call: __kb_tool("parse" | "call", <base64 JSON payload>, <nonce>). Everything the broker
# reads is one line on stdout: the nonce, then JSON. The helper removes itself, so the session's names stay as
# they were.
def __kb_tool(action, payload, nonce):
    import ast, base64, contextlib, io, json, traceback
    request = json.loads(base64.b64decode(payload).decode("utf-8"))

    def answer(obj):
        print(nonce + json.dumps(obj))

    class Unsupported(Exception):
        pass

    SIMPLE = {"str": {"type": "string"}, "int": {"type": "integer"}, "float": {"type": "number"},
              "bool": {"type": "boolean"}, "list": {"type": "array"}, "List": {"type": "array"},
              "dict": {"type": "object"}, "Dict": {"type": "object"}}
    SUPPORTED = "str, int, float, bool, list[...], dict[str, ...], Optional[...], X | None, Literal[...]"

    def name_of(node):
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in ("typing", "t"):
            return node.attr
        return None

    def nullable(schema):
        return {"anyOf": [schema, {"type": "null"}]}

    def schema_of(node):
        if isinstance(node, ast.Constant) and node.value is None:
            return {"type": "null"}
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return schema_of(ast.parse(node.value, mode="eval").body)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            parts = [node.left, node.right]
            if any(isinstance(p, ast.Constant) and p.value is None for p in parts):
                other = [p for p in parts if not (isinstance(p, ast.Constant) and p.value is None)][0]
                return nullable(schema_of(other))
            raise Unsupported(ast.unparse(node))
        name = name_of(node)
        if name in SIMPLE:
            return dict(SIMPLE[name])
        if isinstance(node, ast.Subscript):
            base = name_of(node.value)
            args = list(node.slice.elts) if isinstance(node.slice, ast.Tuple) else [node.slice]
            if base in ("list", "List") and len(args) == 1:
                return {"type": "array", "items": schema_of(args[0])}
            if base in ("dict", "Dict") and len(args) == 2:
                if name_of(args[0]) != "str":
                    raise Unsupported(ast.unparse(node) + " (JSON object keys are strings: use dict[str, ...])")
                return {"type": "object", "additionalProperties": schema_of(args[1])}
            if base == "Optional" and len(args) == 1:
                return nullable(schema_of(args[0]))
            if base == "Union":
                rest = [a for a in args if not (isinstance(a, ast.Constant) and a.value is None)]
                if len(rest) == 1 and len(args) == 2:
                    return nullable(schema_of(rest[0]))
            if base == "Literal":
                values = []
                for a in args:
                    if not isinstance(a, ast.Constant) or not isinstance(a.value, (str, int, float, bool)):
                        raise Unsupported(ast.unparse(node) + " (Literal values must be str, int, float or bool)")
                    values.append(a.value)
                schema = {"enum": values}
                kinds = {type(v) for v in values}
                if len(kinds) == 1:
                    schema["type"] = {str: "string", int: "integer", float: "number", bool: "boolean"}[kinds.pop()]
                return schema
        raise Unsupported(ast.unparse(node))

    def split_doc(doc):
        lines = doc.splitlines()
        params, text, current, section = {}, [], None, False
        for line in lines:
            stripped = line.strip()
            if stripped in ("Args:", "Arguments:", "Parameters:", "Params:"):
                section = True
                continue
            if section:
                if stripped.endswith(":") and " " not in stripped:
                    section = False  # the next section (Returns:, Raises:)
                    text.append(line)
                    continue
                head = stripped.split(":", 1)
                key = head[0].split(" ")[0].strip()
                if len(head) == 2 and key.isidentifier() and not line.startswith(" " * 8):
                    current = key
                    params[current] = head[1].strip()
                elif current and stripped:
                    params[current] = (params[current] + " " + stripped).strip()
                continue
            text.append(line)
        return "\n".join(text).strip(), params

    def parse(src):
        try:
            tree = ast.parse(src)
        except SyntaxError as e:
            return {"ok": False, "error": "the source does not parse: %s (line %s)" % (e.msg, e.lineno)}
        funcs = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        others = [n for n in tree.body if not isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Import,
                                                             ast.ImportFrom))]
        if len(funcs) != 1 or others:
            return {"ok": False, "error": "the source must be exactly one function definition (imports before it"
                                          " are allowed), found %d function(s) and %d other statement(s)"
                                          % (len(funcs), len(others))}
        f = funcs[0]
        if isinstance(f, ast.AsyncFunctionDef):
            return {"ok": False, "error": "async functions are not supported"}
        if f.decorator_list:
            return {"ok": False, "error": "decorators are not supported"}
        doc = ast.get_docstring(f)
        if not doc or not doc.strip():
            return {"ok": False, "error": "the function needs a docstring: it becomes the tool's description"}
        a = f.args
        if a.vararg or a.kwarg:
            return {"ok": False, "error": "*args and **kwargs are not supported: every parameter needs a name and"
                                          " a type hint"}
        if a.posonlyargs:
            return {"ok": False, "error": "positional-only parameters are not supported"}
        description, docs = split_doc(doc)
        params = a.args + a.kwonlyargs
        defaults = [None] * (len(a.args) - len(a.defaults)) + list(a.defaults) + list(a.kw_defaults)
        properties, required = {}, []
        for p, default in zip(params, defaults):
            if p.annotation is None:
                return {"ok": False, "error": "parameter '%s' has no type hint; supported: %s" % (p.arg, SUPPORTED)}
            try:
                schema = schema_of(p.annotation)
            except (Unsupported, SyntaxError) as e:
                return {"ok": False, "error": "parameter '%s': unsupported type hint %s; supported: %s"
                                              % (p.arg, e, SUPPORTED)}
            if p.arg in docs and docs[p.arg]:
                schema["description"] = docs[p.arg]
            if default is None:
                required.append(p.arg)
            else:
                try:
                    value = ast.literal_eval(default)
                    json.dumps(value)
                    schema["default"] = value
                except (ValueError, TypeError, SyntaxError):
                    pass  # a computed default: optional, but not shown
            properties[p.arg] = schema
        input_schema = {"type": "object", "properties": properties, "additionalProperties": False}
        if required:
            input_schema["required"] = required
        return {"ok": True, "name": f.name, "description": description or doc.strip(), "inputSchema": input_schema}

    def call(src, name, arguments):
        namespace = dict(globals())  # the session's names are visible; what the source defines stays out of them
        printed = io.StringIO()
        try:
            exec(compile(src, "<tool %s>" % name, "exec"), namespace)
            with contextlib.redirect_stdout(printed):
                value = namespace[name](**arguments)
        except KeyboardInterrupt:
            raise
        except BaseException as e:
            return {"ok": False, "error": "%s: %s" % (type(e).__name__, e), "traceback": traceback.format_exc(),
                    "stdout": printed.getvalue()}
        try:
            json.dumps(value)
        except (TypeError, ValueError) as e:
            return {"ok": False, "error": "the function returned a value that is not JSON (%s): %s"
                                          % (e, repr(value)[:1000]), "stdout": printed.getvalue()}
        return {"ok": True, "value": value, "stdout": printed.getvalue()}

    if action == "parse":
        answer(parse(request["source"]))
    else:
        answer(call(request["source"], request["name"], request["arguments"]))
