"""Writes rules/removed-names.json: names (and modules) that Python and popular distributions removed or moved.

Each entry is written below from the release notes it cites; test/rules-data.test.ts checks every standard-library
entry against rules/stdlib-names.json (the name exists before the version, not from it, and its replacement does).
Run: python3 scripts/gen-removed-names.py
"""
import json
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "rules", "removed-names.json")
ABCS = ["Awaitable","Coroutine","AsyncIterable","AsyncIterator","AsyncGenerator","Hashable","Iterable","Iterator","Generator","Reversible","Sized","Container","Callable","Collection","Set","MutableSet","Mapping","MutableMapping","MappingView","KeysView","ItemsView","ValuesView","Sequence","MutableSequence","ByteString"]
W = "https://docs.python.org/3/whatsnew/"
def e(module, names, removed, repl, safety, ref, msg, renamed=None, dep=None):
    x = {"module": module, "names": names, "kind": "stdlib", "distribution": None, "deprecatedSince": dep, "removedIn": removed,
         "replacement": repl, "renamed": renamed or {}, "replacementDistribution": None, "fixSafety": safety, "reference": ref, "message": msg}
    return x
entries = [
 e("collections", ABCS, "3.10", "collections.abc", "safe", W+"3.10.html#removed", "the abstract base classes are no longer re-exported by collections; collections.abc holds them (the same classes)", dep="3.3"),
 e("cgi", ["escape"], "3.8", "html", "unsafe", W+"3.8.html#api-and-feature-removals", "cgi.escape was removed; html.escape escapes quotes by default (pass quote=False for the old behaviour)", dep="3.2"),
 e("inspect", ["getargspec"], "3.11", "inspect", "unsafe", W+"3.11.html#removed", "inspect.getargspec was removed; getfullargspec returns a FullArgSpec with more fields (or use inspect.signature)", renamed={"getargspec": "getfullargspec"}, dep="3.0"),
 e("inspect", ["formatargspec"], "3.11", None, "display-only", W+"3.11.html#removed", "inspect.formatargspec was removed; use inspect.signature() and str() of the Signature", dep="3.5"),
 e("asyncio", ["coroutine"], "3.11", None, "display-only", W+"3.11.html#removed", "the @asyncio.coroutine decorator was removed; write `async def` coroutines", dep="3.8"),
 e("imp", ["reload"], "3.12", "importlib", "safe", W+"3.12.html#imp", "imp was removed; importlib.reload is the same function", dep="3.4"),
 e("fractions", ["gcd"], "3.9", "math", "unsafe", W+"3.9.html#removed", "fractions.gcd was removed; math.gcd takes integers only and returns a non-negative result", dep="3.5"),
 e("base64", ["encodestring", "decodestring"], "3.9", "base64", "safe", W+"3.9.html#removed", "base64.encodestring/decodestring were removed; encodebytes/decodebytes are the same functions", renamed={"encodestring": "encodebytes", "decodestring": "decodebytes"}, dep="3.1"),
 e("time", ["clock"], "3.8", "time", "unsafe", W+"3.8.html#api-and-feature-removals", "time.clock was removed; time.perf_counter or time.process_time replace it, depending on what was measured", renamed={"clock": "perf_counter"}, dep="3.3"),
 e("platform", ["linux_distribution", "dist"], "3.8", None, "display-only", W+"3.8.html#api-and-feature-removals", "platform.linux_distribution and platform.dist were removed; platform.freedesktop_os_release() (3.10+) or the `distro` package replace them", dep="3.5"),
 e("unittest", ["makeSuite", "findTestCases", "getTestCaseNames"], "3.13", None, "display-only", W+"3.13.html#unittest", "these unittest functions were removed; use the methods of unittest.TestLoader (loadTestsFromTestCase, loadTestsFromModule, getTestCaseNames)", dep="3.11"),
 e("unittest", ["_TextTestResult"], "3.12", "unittest", "safe", W+"3.12.html#unittest", "unittest._TextTestResult was removed; TextTestResult is the same class", renamed={"_TextTestResult": "TextTestResult"}, dep="3.2"),
 e("ssl", ["wrap_socket"], "3.12", None, "display-only", W+"3.12.html#ssl", "ssl.wrap_socket was removed; create an SSLContext and call its wrap_socket method", dep="3.7"),
 e("ssl", ["match_hostname"], "3.12", None, "display-only", W+"3.12.html#ssl", "ssl.match_hostname was removed; OpenSSL checks the host name when SSLContext.check_hostname is set", dep="3.7"),
 e("configparser", ["SafeConfigParser"], "3.12", "configparser", "safe", W+"3.12.html#configparser", "configparser.SafeConfigParser was removed; it was an alias of ConfigParser", renamed={"SafeConfigParser": "ConfigParser"}, dep="3.2"),
 e("pkgutil", ["ImpImporter", "ImpLoader"], "3.12", None, "display-only", W+"3.12.html#importlib", "pkgutil.ImpImporter and ImpLoader were removed with imp; use importlib's finders and loaders", dep="3.3"),
 e("locale", ["format"], "3.12", "locale", "unsafe", W+"3.12.html#locale", "locale.format was removed; locale.format_string accepts several % specifiers", renamed={"format": "format_string"}, dep="3.7"),
 e("gettext", ["lgettext", "ldgettext", "lngettext", "ldngettext", "bind_textdomain_codeset"], "3.11", None, "display-only", W+"3.11.html#removed", "the l*gettext functions were removed; gettext returns str", dep="3.8"),
 e("binascii", ["b2a_hqx", "a2b_hqx", "rlecode_hqx", "rledecode_hqx"], "3.11", None, "display-only", W+"3.11.html#removed", "binascii's binhex functions were removed with binhex", dep="3.9"),
 e("sys", ["setcheckinterval", "getcheckinterval"], "3.9", "sys", "unsafe", W+"3.9.html#removed", "sys.setcheckinterval/getcheckinterval were removed; sys.setswitchinterval/getswitchinterval take seconds, not bytecodes", renamed={"setcheckinterval": "setswitchinterval", "getcheckinterval": "getswitchinterval"}, dep="3.2"),
 e("importlib", ["find_loader"], "3.12", None, "display-only", W+"3.12.html#importlib", "importlib.find_loader was removed; use importlib.util.find_spec", dep="3.4"),
 e("importlib.util", ["set_package", "set_loader", "module_for_loader"], "3.12", None, "display-only", W+"3.12.html#importlib", "these importlib.util decorators were removed; module specs set these attributes", dep="3.4"),
 e("importlib.abc", ["Finder"], "3.12", None, "display-only", W+"3.12.html#importlib", "importlib.abc.Finder was removed; use MetaPathFinder or PathEntryFinder", dep="3.3"),
 e("pkgutil", ["find_loader", "get_loader"], "3.14", None, "display-only", W+"3.14.html#pkgutil", "pkgutil.find_loader and get_loader were removed; use importlib.util.find_spec", dep="3.12"),
 e("sqlite3", ["OptimizedUnicode"], "3.10", None, "display-only", W+"3.10.html#removed", "sqlite3.OptimizedUnicode was removed; it was an alias of str", dep="3.10"),
 e("sqlite3", ["enable_shared_cache"], "3.12", None, "display-only", W+"3.12.html#sqlite3", "sqlite3.enable_shared_cache was removed; open the database with a URI and cache=shared", dep="3.10"),
 e("re", ["template", "TEMPLATE", "T"], "3.13", None, "display-only", W+"3.13.html#re", "re.template and the TEMPLATE flag were removed", dep="3.11"),
 e("ast", ["Num", "Str", "Bytes", "NameConstant", "Ellipsis"], "3.14", "ast", "unsafe", W+"3.14.html#ast", "the ast node classes Num, Str, Bytes, NameConstant and Ellipsis were removed; ast.Constant replaces them all", renamed={"Num": "Constant", "Str": "Constant", "Bytes": "Constant", "NameConstant": "Constant", "Ellipsis": "Constant"}, dep="3.8"),
 e("typing.io", None, "3.13", "typing", "safe", W+"3.13.html#typing", "the typing.io namespace was removed; typing exports the same classes", dep="3.8"),
 e("typing.re", None, "3.13", "typing", "safe", W+"3.13.html#typing", "the typing.re namespace was removed; typing exports the same classes", dep="3.8"),
]
out = {"$comment": "Names (and modules) that a release of Python or of a distribution removed or moved. kind=stdlib: removedIn is a Python version, and rules/stdlib-names.json decides whether the name is missing; the entry gives the replacement and the fix. kind=distribution: removedIn is a version of `distribution`, and the entry itself is the finding (IMP009). names=null: the module itself. renamed maps an old name to its new name in the replacement module (same name otherwise). replacement=null: no mechanical replacement (display-only).", "entries": entries}
json.dump(out, open(OUT, "w"), indent=1)
open(OUT, "a").write("\n")
