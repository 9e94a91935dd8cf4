"""A schema's assertions asked by Saxon, where nothing they read depends on the schema's types.

An XSD 1.1 assertion is an XPath expression on the element it constrains, as a tree of its own
typed by the schema. xmlschema evaluates it that way: it imports elementpath, loads the whole
compiled schema and types each asserted element's subtree anew for each assertion (0.85 of the
3 core-seconds of a cold build of the diary: importing it, unpickling the schema, 620 assertions).
Saxon, which every build starts anyway, asks the same expressions of an untyped tree in a few
milliseconds. The two answers are the same wherever an expression reads nothing that typing
changes, and that can be told from the expression itself, once, when the schema is built:

* which nodes there are: a typed tree has no text node of white space alone in element-only
  content, so text nodes are asked only when filtered by ``[normalize-space()]``, and an element's
  text only whether it is empty (``normalize-space(.) != ''`` and the like);
* what an attribute's value is: typed, it is the attribute's type's value, so an attribute is
  compared only when every declaration of its name gives it a single string type (not a list: a
  list's value is its items), and only in a document where its values have no white space to
  collapse (checked with the assertions); an element's own value likewise, only where its content
  is of a single string type (as ``$value``), with no comment in it; no other element's value;
* which tree: an assertion's tree is rooted at its element, with no parent, so no step may leave
  the element's subtree (``..`` from the element, ``ancestor::``, ``following::``, ``/``);
* ``$value`` (an assertion facet, or a simple content's assertion) is bound only to a string type's
  value, with its white space treated as the type says;
* and nothing else: only the functions, operators and axes below, whose results on the same values
  are the same in any engine. Defaults and fixed values (which the typed tree fills in) turn it off.

:func:`assertion_table` lists a schema's assertions by the element or attribute name they may apply
to (a superset, as :mod:`.precheck` does), or returns None when any one of them is beyond this.
:class:`SaxonAssertions` compiles the table into one stylesheet and answers True only when every
assertion holds; anything else (a false assertion, an error, a value with white space to collapse,
an ``xsi:`` attribute) is no verdict, and the validation goes on as before.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from lxml import etree

XS_NS = "http://www.w3.org/2001/XMLSchema"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
VC_NS = "http://www.w3.org/2007/XMLSchema-versioning"
XSL_NS = "http://www.w3.org/1999/XSL/Transform"
XS_STRING = f"{{{XS_NS}}}string"
#: Bump when the table's shape or what qualifies for it changes.
TABLE_FORMAT = 2


class Beyond(Exception):
    """An assertion reads something that typing could change (or that we do not analyse)."""


# --------------------------------------------------------------------------- the analysis

@dataclass(frozen=True)
class _Value:
    """What an expression gives, as far as typing is concerned.

    kind: "nodes", "boolean", "number", "string" (exactly the same typed or not), or "text" (a string
    made from elements' or text nodes' text: typed or not, only whether it is empty is the same).
    For nodes: which kinds (element, attribute, text, other), the least depth below the assertion's
    element (0: may be the element itself), the attribute names (None: any), and whether text nodes
    of white space alone have been filtered out.
    """
    kind: str
    nodes: frozenset = frozenset()
    depth: int = 0
    attributes: frozenset | None = frozenset()
    nonblank: bool = False
    literal: object = None  # a literal's value
    of_context: bool = False  # a string of the context item itself (text kind)
    own: bool = False  # the assertion's element itself (its value is $value's, when that is a string)


_BOOLEAN, _NUMBER, _STRING = _Value("boolean"), _Value("number"), _Value("string")
_NAVIGATING = frozenset({"child", "descendant", "descendant-or-self", "self", "attribute",
                         "following-sibling", "preceding-sibling", "parent"})
_COMPARISONS = frozenset({"=", "!=", "<", "<=", ">", ">=", "eq", "ne", "lt", "le", "gt", "ge"})
_EQUALITIES = frozenset({"=", "!=", "eq", "ne"})
_ARITHMETIC = frozenset({"+", "-", "*", "div", "idiv", "mod"})
# Functions of strings and numbers alone: the same result in any engine for the same arguments.
_STRING_FUNCTIONS = {
    "concat": "string", "substring": "string", "substring-before": "string", "substring-after": "string",
    "translate": "string", "tokenize": "string", "replace": "string", "upper-case": "string",
    "lower-case": "string", "string-join": "string", "normalize-space": "string", "string": "string",
    "contains": "boolean", "starts-with": "boolean", "ends-with": "boolean", "matches": "boolean",
    "string-length": "number", "number": "number", "abs": "number", "round": "number", "floor": "number",
    "ceiling": "number",
}
_CONSTRUCTORS = {"decimal": "number", "integer": "number", "double": "number", "float": "number", "string": "string"}


@dataclass
class Reads:
    """What an assertion reads that typing could change, once it is known to be safe: the names of
    the attributes whose values it reads, and whether it reads its element's own value."""
    attributes: set = field(default_factory=set)
    own_value: bool = False


@dataclass
class _Analysis:
    """One assertion's analysis: its namespaces, whether ``$value`` is a string, and what it reads."""
    namespaces: dict
    value_bound: bool
    context: _Value | None  # the assertion's context item: its element, or none (an assertion facet)
    reads: Reads = field(default_factory=Reads)


def analyse(test: str, namespaces: dict, default_namespace: str, *, value_bound: bool,
            has_context: bool) -> Reads:
    """What ``test`` reads, when nothing it reads depends on typing; raises :class:`Beyond`
    otherwise. ``value_bound``: the value of the element (or attribute) it is asked of is a string
    type's (``$value``, and the element's own value ``.``); ``has_context``: it is asked of an
    element (an assertion facet is asked of a value alone)."""
    import elementpath

    try:
        parser = elementpath.XPath2Parser(namespaces=namespaces, default_namespace=default_namespace or "",
                                          strict=False, variable_types={"value": "xs:string"} if value_bound else None)
        token = parser.parse(test)
    except Exception as exc:  # noqa: BLE001 -- what elementpath cannot parse is not ours to ask
        raise Beyond(f"cannot parse {test!r}: {exc}") from None
    own = _Value("nodes", frozenset({"element"}), own=True) if has_context else None
    analysis = _Analysis(namespaces, value_bound, own)
    _effective_boolean(_value(token, analysis, analysis.context), analysis)
    return analysis.reads


def _value(token, analysis: _Analysis, context: _Value | None) -> _Value:
    symbol, label = token.symbol, token.label
    children = list(token)
    if symbol == "(string)":
        return replace(_STRING, literal=token.value)
    if symbol in ("(integer)", "(decimal)", "(double)"):
        return replace(_NUMBER, literal=token.value)
    if symbol == "(":
        if len(children) != 1:
            raise Beyond("an empty sequence")
        return _value(children[0], analysis, context)
    if symbol == "," and label == "operator":
        # A sequence of strings or of numbers (nodes would be asked what each is: beyond it).
        kinds = {_value(child, analysis, context).kind for child in children}
        if len(kinds) == 1 and kinds <= {"string", "number"}:
            return _Value(kinds.pop())
        raise Beyond("a sequence of nodes or of mixed values")
    if symbol in ("and", "or"):
        for child in children:
            _effective_boolean(_value(child, analysis, context), analysis)
        return _BOOLEAN
    if symbol in _COMPARISONS and label == "operator" and len(children) == 2:
        return _compare(symbol, *(_value(child, analysis, context) for child in children), analysis)
    if symbol in _ARITHMETIC and label == "operator":
        for child in children:
            _require(_value(child, analysis, context), "number", "string")
        return _NUMBER
    if symbol == "$":
        if analysis.value_bound and token.value == "value":
            return _STRING
        raise Beyond(f"the variable ${token.value}")
    if "function" in str(label) or symbol == ":" and _function_name(token):
        return _function(token, analysis, context)
    if symbol == "[":
        return _predicate(children, analysis, context)
    if symbol in ("/", "//"):
        if len(children) != 2:
            raise Beyond("a path from the root: an assertion's tree is its element's subtree")
        left = _nodes(_value(children[0], analysis, context))
        if symbol == "//":  # A//B is A/descendant-or-self::node()/B
            left = replace(left, nodes=frozenset({"element", "text", "other"}), nonblank=False)
        return _value(children[1], analysis, left)
    if symbol in ("|", "union"):
        values = [_nodes(_value(child, analysis, context)) for child in children]
        attributes = None if any(v.attributes is None for v in values) else frozenset().union(*(v.attributes for v in values))
        return _Value("nodes", frozenset().union(*(v.nodes for v in values)), min(v.depth for v in values),
                      attributes, all(v.nonblank or "text" not in v.nodes for v in values))
    if symbol == "if" and len(children) == 3:
        _effective_boolean(_value(children[0], analysis, context), analysis)
        branches = [_value(child, analysis, context) for child in children[1:]]
        if all(branch.kind == "boolean" for branch in branches):
            return _BOOLEAN
        raise Beyond("a conditional that is not a test")
    # Steps: the context is where they start.
    if context is None or context.kind != "nodes":
        raise Beyond(f"a step ({symbol}) without a node to start from")
    if symbol == ".":
        return context
    if symbol == "..":
        return _parent(context)
    if symbol in ("(name)", "*") or symbol == ":" and label != "function":
        return _step("child", context, "element")
    if symbol == "@":
        return _attributes(children, analysis, context)
    if label == "axis":
        return _axis(symbol, children, analysis, context)
    if label == "kind test":
        return _step("child", context, _kind_test(symbol))
    raise Beyond(f"{symbol!r} ({label})")


def _function_name(token) -> str | None:
    """A prefixed function's local name (``xs:decimal``), or None for a prefixed element name."""
    children = list(token)
    if len(children) == 2 and "function" in str(children[1].label):
        return children[1].symbol
    return None


def _function(token, analysis: _Analysis, context: _Value | None) -> _Value:
    if token.symbol == ":":
        prefix, function = list(token)
        if analysis.namespaces.get(prefix.value) != XS_NS or function.symbol not in _CONSTRUCTORS:
            raise Beyond(f"the function {prefix.value}:{function.symbol}")
        arguments = [_value(child, analysis, context) for child in function]
        for argument in arguments:
            _require(_atomised(argument, analysis), "string", "number")
        return _Value(_CONSTRUCTORS[function.symbol])
    name = token.symbol
    arguments = [_value(child, analysis, context) for child in token]
    if name in ("true", "false") and not arguments:
        return _BOOLEAN
    if name in ("not", "boolean") and len(arguments) == 1:
        _effective_boolean(arguments[0], analysis)
        return _BOOLEAN
    if name in ("exists", "empty", "count") and len(arguments) == 1:
        _whole_nodes(_nodes(arguments[0]))
        return _NUMBER if name == "count" else _BOOLEAN
    if name in ("string", "normalize-space") and len(arguments) <= 1:
        of_context = not arguments
        argument = arguments[0] if arguments else context
        if argument is None:
            raise Beyond(f"{name}() without a context item")
        if argument.kind == "nodes":
            return _text_of(argument, analysis, of_context)
        if argument.kind == "text":
            return argument
        _require(argument, "string", "number")
        return _STRING
    if name in _STRING_FUNCTIONS and arguments:
        for argument in arguments:
            _require(_atomised(argument, analysis), "string", "number")
        return _Value(_STRING_FUNCTIONS[name])
    raise Beyond(f"the function {name}()")


def _predicate(children, analysis: _Analysis, context: _Value | None) -> _Value:
    base = _value(children[0], analysis, context)
    if base.kind != "nodes":
        # A sequence of strings or numbers taken by position (tokenize(...)[1]).
        _require(base, "string", "number")
        condition = _value(children[1], analysis, None)
        _require(condition, "number")
        return base
    # Within a predicate each node is the context, one at a time.
    condition = _value(children[1], analysis, base)
    if condition.kind == "text" and condition.of_context and base.nodes <= {"text", "element"}:
        # [normalize-space()] and the like: text nodes of white space alone are dropped.
        return replace(base, nonblank=True)
    if condition.kind != "number":
        _effective_boolean(condition, analysis)
    return base


def _step(axis: str, context: _Value, kind: str) -> _Value:
    if axis in ("child", "descendant"):
        depth = context.depth + 1
    elif axis in ("self", "descendant-or-self"):
        depth = context.depth
    elif axis in ("following-sibling", "preceding-sibling"):
        if context.depth < 1:
            raise Beyond("the siblings of the assertion's element, outside its tree")
        depth = context.depth
    else:
        raise Beyond(f"the {axis} axis")
    if kind == "element" and axis == "descendant-or-self":
        return _Value("nodes", frozenset({"element"}), depth)
    return _Value("nodes", frozenset({kind}), depth, frozenset() if kind != "attribute" else None)


def _parent(context: _Value) -> _Value:
    if context.depth < 1:
        raise Beyond("the parent of the assertion's element, outside its tree")
    return _Value("nodes", frozenset({"element"}), context.depth - 1)


def _axis(axis: str, children, analysis: _Analysis, context: _Value) -> _Value:
    if axis not in _NAVIGATING:
        raise Beyond(f"the {axis} axis")
    if axis == "attribute":
        return _attributes(children, analysis, context)
    if axis == "parent":
        return _parent(context)
    (test,) = children
    if test.label == "kind test":
        kind = _kind_test(test.symbol)
    elif test.symbol in ("(name)", "*", ":"):
        kind = "element"
    else:
        raise Beyond(f"the node test {test.symbol!r}")
    return _step(axis, context, kind)


def _kind_test(symbol: str) -> str:
    if symbol == "text":
        return "text"
    if symbol == "element":
        return "element"
    if symbol in ("comment", "processing-instruction"):
        return "other"
    # node() would take in text nodes of white space alone, which a typed tree does not have.
    raise Beyond(f"the kind test {symbol}()")


def _attributes(children, analysis: _Analysis, context: _Value) -> _Value:
    (name,) = children
    if name.symbol == "(name)":
        names = frozenset({name.value})
    elif name.symbol == ":" and len(list(name)) == 2 and list(name)[1].symbol == "(name)":
        prefix, local = list(name)
        uri = analysis.namespaces.get(prefix.value)
        if uri is None:
            raise Beyond(f"the prefix {prefix.value}")
        names = frozenset({f"{{{uri}}}{local.value}"})
    else:
        raise Beyond("an attribute wildcard")  # which attributes, and their types, unknown
    return _Value("nodes", frozenset({"attribute"}), context.depth + 1, names)


def _nodes(value: _Value) -> _Value:
    if value.kind != "nodes":
        raise Beyond(f"a path step from a {value.kind}")
    return value


def _whole_nodes(value: _Value) -> None:
    """Nodes that a typed tree has as well: no text node that may be white space alone."""
    if "text" in value.nodes and not value.nonblank:
        raise Beyond("text nodes that may be white space alone")


def _effective_boolean(value: _Value, analysis: _Analysis) -> None:
    if value.kind == "nodes":
        _whole_nodes(value)


def _text_of(nodes: _Value, analysis: _Analysis, of_context: bool) -> _Value:
    """string() or normalize-space() of nodes: an attribute's value, or an element's or text's text."""
    if nodes.own and analysis.value_bound:
        return _atomised(nodes, analysis)
    if nodes.nodes == {"attribute"}:
        if nodes.attributes is None:
            raise Beyond("the value of unknown attributes")
        analysis.reads.attributes |= nodes.attributes
        return _STRING
    if nodes.nodes <= {"element", "text"}:
        return _Value("text", of_context=of_context)
    raise Beyond("the text of other nodes")


def _require(value: _Value, *kinds: str) -> None:
    if value.kind not in kinds:
        raise Beyond(f"a {value.kind} where {' or '.join(kinds)} is needed")


def _atomised(value: _Value, analysis: _Analysis) -> _Value:
    """A value as a string where atomising it gives what a typed tree gives: the element's own
    value when that is a string type's (checked with the assertions to need no white space treated,
    as for attributes); anything else as it is."""
    if value.kind == "nodes" and value.own and analysis.value_bound:
        analysis.reads.own_value = True
        return _STRING
    return value


def _compare(operator: str, left: _Value, right: _Value, analysis: _Analysis) -> _Value:
    values = []
    for side in (left, right):
        side = _atomised(side, analysis)
        if side.kind == "nodes":
            # Atomised: only attributes of known names (checked to be of string types).
            if side.nodes != {"attribute"} or side.attributes is None:
                raise Beyond("the typed value of elements or text")
            analysis.reads.attributes |= side.attributes
            values.append(_STRING)
        else:
            values.append(side)
    kinds = {value.kind for value in values}
    if kinds <= {"number"} or kinds <= {"string"} or kinds == {"boolean"}:
        return _BOOLEAN
    if kinds == {"text", "string"} and operator in _EQUALITIES:
        # Whether a text is empty: the same typed or not (two texts may differ by white space).
        other = values[1] if values[0].kind == "text" else values[0]
        if other.literal == "":
            return _BOOLEAN
    raise Beyond(f"a comparison of a {values[0].kind} with a {values[1].kind}")


# --------------------------------------------------------------------------- the table

def assertion_table(schema) -> dict | None:
    """The assertions of an xmlschema schema by name, when all can be asked of an untyped tree.

    ``{"elements": {name: [check]}, "attributes": {name: [check]}, "compared": [name]}``, where a
    check is ``{"test", "namespaces", "default", "value", "own"}`` (``value``: how the white space of the
    string bound to ``$value`` is treated, or None when there is none) and ``own`` (whether it reads
    its element's own value); None when any assertion of the schema is beyond it (see the module's
    notes)."""
    from xmlschema.validators import XsdAttribute, XsdElement

    elements: dict[str, list] = {}
    attributes: dict[str, list] = {}
    compared: set[str] = set()
    attribute_types: dict[str, list] = {}
    try:
        for component in schema.maps.iter_components():
            if getattr(component, "ref", None) is not None or _foreign(component):
                continue
            if isinstance(component, XsdAttribute):
                attribute_types.setdefault(component.name, []).append(component)
                checks = [_check(facet, value=_string_value(component.type), has_context=False)
                          for facet in _facets(component.type)]
                if checks:
                    _add(attributes, component.name, checks, compared)
            elif isinstance(component, XsdElement):
                if component.default is not None or component.fixed is not None:
                    raise Beyond(f"a default value of {component.name}, which a typed tree fills in")
                xsd_type = component.type
                content = xsd_type if xsd_type.is_simple() else (xsd_type.content if xsd_type.has_simple_content() else None)
                facets = _facets(content) if content is not None else []
                asserts = list(getattr(xsd_type, "assertions", ()) or ())
                if not facets and not asserts:
                    continue
                value = _string_value(content) if content is not None else None
                checks = [_check(facet, value=value, has_context=False) for facet in facets]
                checks += [_check(assertion, value=value, has_context=True) for assertion in asserts]
                _add(elements, component.name, checks, compared)
        for name in compared:
            for declaration in attribute_types.get(name, ()):
                if declaration.default is not None or declaration.fixed is not None:
                    raise Beyond(f"a default value of @{name}")
                if _string_value(declaration.type) is None:
                    raise Beyond(f"@{name} is not of a string type")
    except Beyond:
        return None
    return {"format": TABLE_FORMAT, "elements": elements, "attributes": attributes, "compared": sorted(compared)}


def _foreign(component) -> bool:
    """A component of XSD's own schemas (which xmlschema loads beside ours), or of xsi:."""
    schema = getattr(component, "schema", None)
    return getattr(schema, "target_namespace", None) in (XS_NS, XSI_NS, VC_NS)


def _check(assertion, *, value: str | None, has_context: bool) -> dict:
    if "$value" in assertion.path and value is None:
        raise Beyond("$value of a type that is not a string")
    namespaces = {prefix: uri for prefix, uri in (assertion.namespaces or {}).items() if prefix}
    default = assertion.xpath_default_namespace or ""
    reads = analyse(assertion.path, namespaces, default, value_bound=value is not None, has_context=has_context)
    return {"test": assertion.path, "namespaces": namespaces, "default": default, "value": value,
            "own": reads.own_value, "compared": sorted(reads.attributes)}


def _add(table: dict, name: str, checks: list[dict], compared: set) -> None:
    known = table.setdefault(name, [])
    for check in checks:
        compared.update(check["compared"])
        entry = {key: check[key] for key in ("test", "namespaces", "default", "value", "own")}
        if entry not in known:
            known.append(entry)


def _facets(simple_type) -> list:
    """The assertion facets of a simple type and of the types it derives from."""
    found, seen = [], set()
    while simple_type is not None and id(simple_type) not in seen and not simple_type.is_complex():
        seen.add(id(simple_type))
        if simple_type.is_list() or simple_type.is_union():
            if _has_facets_within(simple_type, set()):
                raise Beyond(f"an assertion facet within a list or union ({simple_type})")
            break
        facets = (getattr(simple_type, "facets", None) or {}).get(f"{{{XS_NS}}}assertion")
        if facets is not None:
            found.extend(facets if isinstance(facets, list) else [facets])
        simple_type = getattr(simple_type, "base_type", None)
    return found


def _has_facets_within(simple_type, seen: set) -> bool:
    if simple_type is None or id(simple_type) in seen or simple_type.is_complex():
        return False
    seen.add(id(simple_type))
    if f"{{{XS_NS}}}assertion" in (getattr(simple_type, "facets", None) or {}):
        return True
    related = [getattr(simple_type, "base_type", None), getattr(simple_type, "item_type", None),
               *(getattr(simple_type, "member_types", None) or ())]
    return any(_has_facets_within(other, seen) for other in related)


def _string_value(simple_type) -> str | None:
    """How a string type treats white space ("preserve", "replace", "collapse"); None when the
    type's value is not a single string (a number, a date, a list, a union)."""
    if simple_type is None or simple_type.is_complex():
        return None
    if simple_type.is_list() or simple_type.is_union():
        return None
    if getattr(simple_type, "name", None) == f"{{{XS_NS}}}anySimpleType":
        return None
    primitive = getattr(simple_type, "primitive_type", None)
    if getattr(primitive, "name", None) != XS_STRING:
        return None
    return getattr(simple_type, "white_space", None) or "preserve"


# --------------------------------------------------------------------------- the check

def _eqname(name: str) -> str:
    """A Clark name as XPath 3.0's EQName."""
    if name.startswith("{"):
        uri, local = name[1:].split("}", 1)
        return f"Q{{{uri}}}{local}"
    return f"Q{{}}{name}"


_WHITE_SPACE = {"preserve": "string(.)", "replace": "translate(string(.), '\t\n\r', '   ')",
                "collapse": "normalize-space(.)"}


def stylesheet(table: dict) -> bytes:
    """The stylesheet asking a table's assertions of a document: it writes ``held`` when every one
    holds and nothing else could make a typed tree differ, and ``unsure`` otherwise."""
    checks = [check for kind in ("elements", "attributes") for listed in table[kind].values() for check in listed]
    # The assertions keep their own prefixes: the stylesheet's is one none of them uses.
    taken = {prefix for check in checks for prefix in check["namespaces"]}
    prefix = next(f"xsl{n or ''}" for n in range(len(taken) + 1) if f"xsl{n or ''}" not in taken)

    def xsl(parent, local: str, /, **attributes) -> etree._Element:
        tag = f"{{{XSL_NS}}}{local}"
        return etree.Element(tag, nsmap={prefix: XSL_NS}, **attributes) if parent is None \
            else etree.SubElement(parent, tag, **attributes)

    root = xsl(None, "stylesheet", version="3.0")
    xsl(root, "output", method="text")
    xsl(root, "mode", name="ask", **{"on-no-match": "shallow-skip"})
    main = xsl(root, "template", match="/")
    unsure = xsl(main, "variable", name="unsure", **{"as": "item()*"})
    # An xsi: attribute changes which type applies: the full validation decides.
    xsl(unsure, "sequence", select=f"(//@Q{{{XSI_NS}}}*)[1]")
    if table["compared"]:
        # A value a string type would collapse or replace differs from the typed one.
        names = " | ".join(f"@{_eqname(name)}" for name in table["compared"])
        xsl(unsure, "sequence", select=f"(//({names})[string(.) ne normalize-space(.)])[1]")
    for name, listed in sorted(table["attributes"].items()):
        _ask(xsl, xsl(unsure, "for-each", select=f"//@{_eqname(name)}"), listed)
    xsl(unsure, "apply-templates", select="*", mode="ask")
    xsl(main, "value-of", select="if (empty($unsure)) then 'held' else 'unsure'")
    for name, listed in sorted(table["elements"].items()):
        template = xsl(root, "template", match=_eqname(name), mode="ask")
        if any(check["value"] for check in listed):
            # $value is the element's text: a comment or instruction inside would split it.
            xsl(template, "sequence", select="node()[not(self::text())][1]")
        for white_space in sorted({check["value"] for check in listed if check.get("own")}):
            # Its own value read as it stands: the same as the typed one only where its type
            # has no white space to treat in it.
            xsl(template, "sequence", select=f".[string(.) ne {_WHITE_SPACE[white_space]}]")
        _ask(xsl, template, listed)
        xsl(template, "apply-templates", select="*", mode="ask")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _ask(xsl, parent: etree._Element, checks: list[dict]) -> None:
    """Each check on the context node: a marker when it does not hold, or raises an error."""
    for check in checks:
        holder = parent
        if check["value"]:
            holder = xsl(parent, "sequence")
            xsl(holder, "variable", name="value", select=_WHITE_SPACE[check["value"]])
        attempt = etree.SubElement(holder, f"{{{XSL_NS}}}try", nsmap=check["namespaces"],
                                   **{"xpath-default-namespace": check["default"]})
        xsl(attempt, "sequence", select=f"if ({check['test']}) then () else 'false'")
        xsl(attempt, "catch", select="'error'")


class SaxonAssertions:
    """A table's assertions compiled into one stylesheet for the process's Saxon."""

    def __init__(self, table: dict) -> None:
        from ..publish.transform import compile_own_stylesheet

        self._executable = compile_own_stylesheet(stylesheet(table))

    def hold(self, tree: etree._ElementTree, saxon_tree=None) -> bool:
        """True when every assertion holds on the document (and typing could change none);
        ``saxon_tree``: a function giving Saxon's tree of it, when the caller has one."""
        from ..publish.transform import run_to_string

        return run_to_string(self._executable, tree, saxon_tree() if saxon_tree is not None else None) == "held"
