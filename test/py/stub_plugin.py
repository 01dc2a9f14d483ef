"""pytest plugin and import hook for differential tests: serves declared third-party names as permissive stubs.

IMPORT_DOCTOR_STUBS (comma-separated top-level names) lists the distributions' import names that a real
environment would have installed; anything else stays missing, as in a clean install.
"""
import importlib.abc
import importlib.machinery
import os
import sys
import types


class _Permissive(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        value = _Anything(f"{self.__name__}.{name}")
        setattr(self, name, value)
        return value


class _Anything:
    def __init__(self, name):
        self._name = name

    def __call__(self, *a, **k):
        if len(a) == 1 and callable(a[0]) and not k:
            return a[0]  # used as a decorator
        return _Anything(self._name + "()")

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _Anything(f"{self._name}.{name}")

    def __mro_entries__(self, bases):
        return (object,)


class StubFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def __init__(self, names):
        self.names = set(names)

    def find_spec(self, fullname, path=None, target=None):
        if fullname.split(".")[0] in self.names:
            return importlib.machinery.ModuleSpec(fullname, self, is_package=True)
        return None

    def create_module(self, spec):
        m = _Permissive(spec.name)
        m.__path__ = []
        return m

    def exec_module(self, module):
        pass


def install():
    names = [n for n in os.environ.get("IMPORT_DOCTOR_STUBS", "").split(",") if n]
    # A stub must not hide what a first-party or stdlib module would provide: it goes last.
    sys.meta_path.append(StubFinder(names))


install()
