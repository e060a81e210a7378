"""@lazy_dataclass(...): a dataclass whose generated methods are made when its first instance is built,
not when its module is imported.

Making a dataclass compiles its generated methods: about a millisecond a class here, 22 ms for the
23 classes the window's start imports, a third of its imports (bench/bench_startup.py). Two kinds of
class need not pay it at start: the definition's, whose instances come from the definition cache by
unpickling (model.definition_cache), which never calls __init__; and the editor's results, first built
by the first edit, after the window is painted. A definition built from its file (no cache yet) or an
edit makes the class then, once.

Only for classes that no instance of exists before the first one is built with __init__ (so that
__eq__, __hash__ and __repr__ are there before anyone compares one), or whose instances compare by
identity (eq=False): an unpickled one then lacks only what guards against mistakes (frozen's
__setattr__) or helps reading (repr), never what gives an answer. dataclasses.fields() of such a
class works once an instance has been built.

Such a class names its fields' options with this module's field(), not dataclasses.field(): the
dataclasses module itself (with copy) is imported by the first instance too, not before the first
paint (4.6 M instructions, callgrind).
"""

from __future__ import annotations

import _thread
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, dataclass_transform

T = TypeVar("T")
_LOCK = _thread.allocate_lock()  # two threads building the first instance make the class once

if TYPE_CHECKING:
    from dataclasses import field as field  # re-exported: the type checkers see dataclasses.field
else:

    def field(**options):
        """dataclasses.field(**options), made with the class."""
        return _Field(options)


class _Field:
    __slots__ = ("options",)

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options


@dataclass_transform(field_specifiers=(field,))
def lazy_dataclass(*, eq: bool = True, repr: bool = True, frozen: bool = False) -> Callable[[type[T]], type[T]]:
    def wrap(cls: type[T]) -> type[T]:
        def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
            with _LOCK:
                if cls.__dict__.get("__init__") is __init__:
                    import dataclasses

                    del cls.__init__  # or dataclass() would keep this one
                    for name, value in list(vars(cls).items()):
                        if isinstance(value, _Field):
                            setattr(cls, name, dataclasses.field(**value.options))
                    dataclasses.dataclass(eq=eq, repr=repr, frozen=frozen)(cls)
            cls.__init__(self, *args, **kwargs)

        cls.__init__ = __init__  # type: ignore[method-assign]
        return cls

    return wrap
