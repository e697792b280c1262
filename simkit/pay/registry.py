"""The registry of pay components: every ``kind:`` a scheme may name, shipped or plugged in.

A pay component is a pydantic model with a one-value ``kind: Literal["..."]`` field and a
``lines(kpis, ctx, held)`` method (see ``simkit.pay.schemes``). ``register_component(cls)``
makes its kind valid everywhere a scheme is read: ``PayScheme.model_validate``, a scenario
file's ``pay:`` section, ``with_overrides`` and sweeps, ``simkit.compare``. The shipped
components register themselves this way (``simkit.pay.schemes``, ``simkit.pay.plugins``).

A package adds components through the entry point group ``simkit.pay_components``; each
entry names a component class (registered when loaded) or a module that registers its
components on import::

    [project.entry-points."simkit.pay_components"]
    bonus_pool = "my_bank.pay:BonusPool"

The group is read once, on the first validation of a component. A notebook calls
``register_component`` directly (or uses it as a class decorator).

Validation dispatches on ``kind`` to the registered class. The errors keep the location a
discriminated union gives them (``components.0.piece_rate.per_transaction``), so a message
names the fields of the component that was written, and an unknown or missing kind lists the
registered kinds.
"""
from __future__ import annotations

import typing
from importlib.metadata import entry_points
from typing import Any, ClassVar

from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticCustomError, PydanticKnownError, core_schema

from ..errors import SimkitError

GROUP = "simkit.pay_components"  # the entry point group a package registers components under
_KNOWN_ERRORS = frozenset(typing.get_args(core_schema.ErrorType))
_COMPONENTS: dict[str, type[BaseModel]] = {}
_SHIPPED: set[str] = set()  # kinds registered by simkit itself, which no plug-in may replace
_LOADED = {"entry_points": False}


class PayComponentError(SimkitError):
    """A pay component that cannot be registered, or a plug-in that cannot be loaded."""


def kind_of(cls: type) -> str:
    """The one value of ``cls``'s ``kind: Literal[...]`` field; raises ``PayComponentError`` otherwise."""
    name = getattr(cls, "__name__", repr(cls))
    if not (isinstance(cls, type) and issubclass(cls, BaseModel)):
        raise PayComponentError(f"register_component({name}): a pay component must be a pydantic model class")
    field = cls.model_fields.get("kind")
    options = typing.get_args(field.annotation) if field is not None else ()
    if field is None or typing.get_origin(field.annotation) is not typing.Literal or len(options) != 1 \
            or not isinstance(options[0], str):
        raise PayComponentError(f"register_component({name}): the component needs a field "
                                f"kind: Literal['its_kind'] = 'its_kind' (one text value)")
    if not callable(getattr(cls, "lines", None)):
        raise PayComponentError(f"register_component({name}): the component needs a method "
                                f"lines(kpis, ctx, held) returning its payslip lines")
    return options[0]


def register_component(cls: type[BaseModel], *, shipped: bool = False) -> type[BaseModel]:
    """Make ``cls`` valid as a pay component under its ``kind``; returns ``cls`` (usable as a
    decorator). Registering a class of the same module and name again replaces it (a notebook
    cell run twice); any other class under a taken kind is refused, naming the holder.
    ``shipped`` marks simkit's own components, which plug-ins cannot replace."""
    kind = kind_of(cls)
    held = _COMPONENTS.get(kind)
    if held is not None and held is not cls:
        same = (held.__module__, held.__qualname__) == (cls.__module__, cls.__qualname__)
        if kind in _SHIPPED or not same:
            raise PayComponentError(f"register_component({cls.__name__}): kind {kind!r} is already registered by "
                                    f"{held.__module__}.{held.__qualname__}; allowed: a kind not in "
                                    f"{', '.join(sorted(_COMPONENTS))}")
    _COMPONENTS[kind] = cls
    if shipped:
        _SHIPPED.add(kind)
    return cls


def unregister_component(kind: str) -> None:
    """Forget a plug-in's ``kind`` (a test's toy component); simkit's own kinds stay."""
    if kind in _SHIPPED:
        raise PayComponentError(f"unregister_component({kind!r}): a shipped kind cannot be removed")
    _COMPONENTS.pop(kind, None)


def load_entry_points() -> None:
    """Load the ``simkit.pay_components`` entry points, once: an entry naming a class registers it,
    one naming a module is imported (it registers its own). A plug-in that fails to load raises
    ``PayComponentError`` naming the entry point."""
    if _LOADED["entry_points"]:
        return
    _LOADED["entry_points"] = True
    for point in entry_points(group=GROUP):
        try:
            found = point.load()
        except Exception as e:  # a broken plug-in: say which one, whatever it raised
            raise PayComponentError(f"pay component plug-in {point.name} = {point.value!r} (entry point group "
                                    f"{GROUP}) failed to load: {type(e).__name__}: {e}") from None
        if isinstance(found, type) and _COMPONENTS.get(kind_of(found)) is not found:
            register_component(found)


def components() -> dict[str, type[BaseModel]]:
    """``{kind: class}`` of every registered component, the entry points' included."""
    load_entry_points()
    return dict(_COMPONENTS)


def _expected(kinds) -> str:
    return ", ".join(repr(k) for k in kinds)


def validate_component(value: Any) -> BaseModel:
    """``value`` (a mapping with a ``kind``, or a registered component) as its component. Errors
    carry the kind as their first location, as a discriminated union's do."""
    known = components()
    if isinstance(value, BaseModel) and known.get(getattr(value, "kind", None)) is type(value):
        return value
    if not isinstance(value, dict):
        raise PydanticKnownError("model_attributes_type")
    if "kind" not in value:
        raise PydanticKnownError("union_tag_not_found", {"discriminator": "'kind'"})
    kind = value["kind"]
    cls = known.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise PydanticKnownError("union_tag_invalid", {"discriminator": "'kind'", "tag": str(kind),
                                                       "expected_tags": _expected(known)})
    try:
        return cls.model_validate(value)
    except ValidationError as e:
        raise ValidationError.from_exception_data(e.title, [_under(kind, err) for err in e.errors()]) from None


def _under(kind: str, err: dict) -> dict:
    """One error of a component's own validation, located under its ``kind``."""
    ctx = err.get("ctx")
    kind_of_error = err["type"]
    if kind_of_error not in _KNOWN_ERRORS:  # a plug-in's own PydanticCustomError
        kind_of_error = PydanticCustomError(kind_of_error, err["msg"], ctx)
    line = {"type": kind_of_error, "loc": (kind, *err["loc"]), "input": err.get("input")}
    if ctx:
        line["ctx"] = ctx
    return line


class Component:
    """The type of one pay component in a scheme: validated by ``validate_component`` against
    the registry, serialised as the component model it is, and described in JSON Schema as the
    registered components tagged by ``kind`` (what a discriminated union of them gives).
    ``union_arms()`` lists the registered classes, for error messages that walk the models."""

    union_tag: ClassVar[str] = "kind"

    @classmethod
    def union_arms(cls) -> tuple[type[BaseModel], ...]:
        """The registered component classes, in the order they were registered."""
        return tuple(components().values())

    @classmethod
    def __get_pydantic_core_schema__(cls, source, handler):
        return core_schema.no_info_plain_validator_function(validate_component)  # dumped as the model it is

    @classmethod
    def __get_pydantic_json_schema__(cls, schema, handler):
        """A component inside a component (``deferred``'s ``inner``) is described as one of the
        components that hold none themselves (JSON Schema has no way to end the recursion here)."""
        nested = bool(_DESCRIBING)
        arms = {kind: model.__pydantic_core_schema__ for kind, model in components().items()
                if not (nested and _holds_component(model))}
        _DESCRIBING.append(cls)
        try:
            return handler(core_schema.tagged_union_schema(arms, discriminator="kind"))
        finally:
            _DESCRIBING.pop()


_DESCRIBING: list = []  # Component schemas being written, outermost first (Component.__get_pydantic_json_schema__)


def _holds_component(model: type[BaseModel]) -> bool:
    """Whether one of ``model``'s fields is itself a pay component (a wrapper such as ``deferred``)."""
    return any(Component in (field.annotation, *typing.get_args(field.annotation))
               for field in model.model_fields.values())
