"""Every user-facing string in the Python code goes through Django's translation functions.

An AST walk over src/dryneedle (migrations aside) finds text handed to the places that show
it to people — messages, ValidationError, the API's HttpError, form and model labels and help
texts, verbose names, choice labels, and the domain errors whose message a page or the API
shows — and fails on any that is a plain string literal, an f-string, or a literal formatted
with `%`, `+` or `.format()` outside `_()`. Variables are not followed: a message built
elsewhere is checked where it is written, if that place is a sink too.

Not checked, and left in English on purpose: what the command-line tools print for the operator
(`dryneedle backup`, `restore`, `synth`: BackupError, SynthError, CommandError), log lines,
audit-row details, codes, CSV column names, FHIR codes and the OpenAPI summaries.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "dryneedle"

TRANSLATING = {
    "_",
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
MESSAGE_LEVELS = {"debug", "info", "success", "warning", "error"}
# Keyword arguments whose text a page shows, wherever they are passed.
SHOWN_KEYWORDS = {
    "label",
    "help_text",
    "verbose_name",
    "verbose_name_plural",
    "empty_label",
    "violation_error_message",
}
RELATION_FIELDS = {"ForeignKey", "OneToOneField", "ManyToManyField"}
META_NAMES = {"verbose_name", "verbose_name_plural"}
# A form's error messages, and a ModelForm's Meta labels and help texts, by field.
SHOWN_MAPPINGS = {"error_messages", "labels", "help_texts"}
CHOICES_BASES = {"TextChoices", "IntegerChoices", "Choices"}
# Exceptions whose first argument is a message for the clinician, the patient or the API
# client (the HTTP status comes from the type; the message is shown as it is).
USER_ERRORS = {
    "ValidationError",
    "NoteError",
    "EditConflict",
    "UnfinishedNote",
    "NoteLocked",
    "SuggestingError",
    "CodingError",
    "DrawingError",
    "ScoringError",
    "LinkRefused",
    "InvalidCode",
    "AnswerError",
    "MailNotSent",
    "_CsvError",
}


@dataclass(frozen=True)
class Unmarked:
    path: str
    line: int
    sink: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.sink}"


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def is_plain_text(node: ast.expr | None) -> bool:
    """A string the code writes itself and does not hand to a translation function."""
    if node is None:
        return False
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and any(c.isalpha() for c in node.value)
    if isinstance(node, ast.JoinedStr):
        return any(
            isinstance(part, ast.Constant) and any(c.isalpha() for c in part.value)
            for part in node.values
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        return is_plain_text(node.left) or (
            isinstance(node.op, ast.Add) and is_plain_text(node.right)
        )
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr in {"format", "join"} and is_plain_text(node.func.value)
    if isinstance(node, ast.IfExp):
        return is_plain_text(node.body) or is_plain_text(node.orelse)
    return False


def _argument(call: ast.Call, index: int, keyword: str) -> ast.expr | None:
    if len(call.args) > index and not isinstance(call.args[index], ast.Starred):
        return call.args[index]
    return next((k.value for k in call.keywords if k.arg == keyword), None)


def _call_sinks(call: ast.Call) -> list[tuple[str, ast.expr | None]]:
    """(sink, text) pairs for the shown text a call passes."""
    name = _name(call.func)
    owner = call.func.value if isinstance(call.func, ast.Attribute) else None
    sinks: list[tuple[str, ast.expr | None]] = []
    if isinstance(owner, ast.Name) and owner.id == "messages":
        if name in MESSAGE_LEVELS:
            sinks.append((f"messages.{name}", _argument(call, 1, "message")))
        elif name == "add_message":
            sinks.append(("messages.add_message", _argument(call, 2, "message")))
    if name in USER_ERRORS:
        sinks.append((name, _argument(call, 0, "message")))
    if name == "HttpError":
        sinks.append((name, _argument(call, 1, "message")))
    is_model_field = isinstance(owner, ast.Name) and owner.id == "models" and name.endswith("Field")
    # The first argument of a relation is the related model, not the verbose name.
    if is_model_field and name not in RELATION_FIELDS:
        sinks.append(("verbose name", _argument(call, 0, "verbose_name")))
    if name == "add_error":
        sinks.append((name, _argument(call, 1, "error")))
    for keyword in call.keywords:
        if keyword.arg in SHOWN_KEYWORDS:
            sinks.append((f"{keyword.arg}=", keyword.value))
        elif keyword.arg == "choices" and isinstance(keyword.value, ast.List | ast.Tuple):
            sinks += [("choices=", label) for label in _pair_labels(keyword.value)]
        elif keyword.arg == "error_messages" and isinstance(keyword.value, ast.Dict):
            sinks += [("error_messages=", value) for value in keyword.value.values]
    return sinks


def _pair_labels(node: ast.List | ast.Tuple) -> list[ast.expr]:
    return [
        pair.elts[-1] for pair in node.elts if isinstance(pair, ast.Tuple) and len(pair.elts) == 2
    ]


def _assignment_sinks(assign: ast.Assign) -> list[tuple[str, ast.expr | None]]:
    """`field.label = ...`, `field.help_text = ...` and the like."""
    return [
        (f".{target.attr} =", assign.value)
        for target in assign.targets
        if isinstance(target, ast.Attribute) and target.attr in SHOWN_KEYWORDS
    ]


def _detail_sinks(payload: ast.Dict) -> list[tuple[str, ast.expr | None]]:
    """The `detail` of an API answer: `{"detail": ...}` is the message a client shows."""
    return [
        ('"detail":', value)
        for key, value in zip(payload.keys, payload.values, strict=True)
        if isinstance(key, ast.Constant) and key.value == "detail"
    ]


def _class_sinks(cls: ast.ClassDef) -> list[tuple[str, ast.expr | None]]:
    """Verbose names, a form's labels, help texts and error messages, and choice labels."""
    sinks: list[tuple[str, ast.expr | None]] = []
    is_choices = any(_name(base) in CHOICES_BASES for base in cls.bases)
    for statement in cls.body:
        if not isinstance(statement, ast.Assign):
            continue
        targets = {_name(target) for target in statement.targets}
        if targets & SHOWN_MAPPINGS and isinstance(statement.value, ast.Dict):
            name = (targets & SHOWN_MAPPINGS).pop()
            sinks += [(f"{cls.name}.{name}", value) for value in statement.value.values]
        if targets & META_NAMES:  # a model's Meta or an AppConfig
            sinks.append((f"{cls.name}.{(targets & META_NAMES).pop()}", statement.value))
        if is_choices and isinstance(statement.value, ast.Tuple) and statement.value.elts:
            sinks.append((f"{cls.name} label", statement.value.elts[-1]))
    return sinks


def unmarked_in(path: Path) -> list[Unmarked]:
    return unmarked_in_source(
        path.read_text(encoding="utf-8"), path.relative_to(PACKAGE.parent).as_posix()
    )


def unmarked_in_source(source: str, where: str = "<source>") -> list[Unmarked]:
    tree = ast.parse(source, filename=where)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            sinks = _call_sinks(node)
        elif isinstance(node, ast.ClassDef):
            sinks = _class_sinks(node)
        elif isinstance(node, ast.Assign):
            sinks = _assignment_sinks(node)
        elif isinstance(node, ast.Dict):
            sinks = _detail_sinks(node)
        else:
            continue
        found += [Unmarked(where, text.lineno, sink) for sink, text in sinks if is_plain_text(text)]
    return found


def python_sources() -> list[Path]:
    return sorted(
        path
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.relative_to(PACKAGE).parts
    )


SHOWN_UNMARKED = """
messages.success(request, f"{patient} is registered.")
raise forms.ValidationError("The date of birth is in the future.")
raise HttpError(400, "Name the instrument.")
name = forms.CharField(label="Name", help_text="As on the record.")
class Sex(models.TextChoices):
    FEMALE = "female", "Female"
class Meta:
    verbose_name = "user"
"""
SHOWN_MARKED = """
messages.success(request, _("%(name)s is registered.") % {"name": patient})
raise forms.ValidationError(gettext("The date of birth is in the future."))
raise HttpError(400, _("Name the instrument."))
name = forms.CharField(label=_("Name"), help_text=gettext_lazy("As on the record."))
class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
class Meta:
    verbose_name = _("user")
"""


def test_the_check_finds_each_kind_of_unmarked_text():
    assert len(unmarked_in_source(SHOWN_UNMARKED)) == 7


def test_the_check_accepts_the_same_text_marked():
    assert unmarked_in_source(SHOWN_MARKED) == []


def test_every_user_facing_string_in_python_is_marked_for_translation():
    unmarked = [problem for path in python_sources() for problem in unmarked_in(path)]
    assert not unmarked, "Not marked for translation:\n" + "\n".join(map(str, unmarked))


def functions_shadowing_the_translation_function(path: Path) -> list[str]:
    """Functions that call `_()` but also bind `_` (`name, _, rest = ...`): the call would fail."""
    found = []
    for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        nodes = list(ast.walk(function))
        binds = any(
            isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store) for n in nodes
        )
        calls = any(
            isinstance(n, ast.Call) and _name(n.func) == "_" and isinstance(n.func, ast.Name)
            for n in nodes
        )
        if binds and calls:
            found.append(f"{path.relative_to(PACKAGE.parent)}:{function.lineno} {function.name}")
    return found


def test_no_function_that_translates_with_underscore_also_uses_it_as_a_throwaway_name():
    shadowing = [
        found
        for path in python_sources()
        for found in functions_shadowing_the_translation_function(path)
    ]
    assert not shadowing, "\n".join(shadowing)
