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

def d(dist, module, names, removed, repl, safety, ref, msg, renamed=None, repl_dist=None, error=None, restored=None, dep=None):
    x = {"module": module, "names": names, "kind": "distribution", "distribution": dist, "deprecatedSince": dep, "removedIn": removed,
         "replacement": repl, "renamed": renamed or {}, "replacementDistribution": repl_dist, "fixSafety": safety, "reference": ref, "message": msg}
    if error:
        x["error"] = error
    if restored:
        x["restoredIn"] = restored
    return x

PYD = "https://docs.pydantic.dev/latest/migration/"
DJ = "https://docs.djangoproject.com/en/dev/releases/"
NP2 = "https://numpy.org/devdocs/numpy_2_0_migration_guide.html"
entries += [
 # pydantic 2.0 (pydantic/_migration.py: BaseSettings and REMOVED_IN_V2 raise PydanticImportError from __getattr__)
 d("pydantic", "pydantic", ["BaseSettings"], "2.0", "pydantic_settings", "unsafe", PYD + "#basesettings-has-moved-to-pydantic-settings", "BaseSettings moved to the pydantic-settings distribution (its v2 version: settings classes may need changes)", repl_dist="pydantic-settings", error="PydanticImportError: `BaseSettings` has been moved to the `pydantic-settings` package. See … for more details."),
 d("pydantic", "pydantic", ["ConstrainedInt", "ConstrainedFloat", "ConstrainedStr", "ConstrainedList", "ConstrainedSet", "ConstrainedBytes", "ConstrainedDecimal", "ConstrainedDate", "ConstrainedFrozenSet", "NoneStr", "NoneBytes", "StrBytes", "NoneStrBytes", "JsonWrapper", "Required", "create_model_from_namedtuple", "create_model_from_typeddict", "compiled"], "2.0", None, "display-only", PYD + "#removed-in-pydantic-v2", "removed in pydantic 2 (constrained types are Annotated[...] with Field constraints now)", error="PydanticImportError: `pydantic:{name}` has been removed in V2."),
 d("pydantic", "pydantic.error_wrappers", ["ErrorWrapper"], "2.0", None, "display-only", PYD + "#removed-in-pydantic-v2", "removed in pydantic 2", error="PydanticImportError: `pydantic.error_wrappers:{name}` has been removed in V2."),
 d("pydantic", "pydantic.datetime_parse", ["parse_date", "parse_time", "parse_datetime", "parse_duration"], "2.0", None, "display-only", PYD + "#removed-in-pydantic-v2", "removed in pydantic 2 (validate with a TypeAdapter instead)", error="PydanticImportError: `pydantic.datetime_parse:{name}` has been removed in V2."),
 # Jinja2 3.1 (verified against the 3.0.3 and 3.1.0 tags of pallets/jinja)
 d("jinja2", "jinja2", ["Markup", "escape"], "3.1", "markupsafe", "safe", "https://jinja.palletsprojects.com/en/stable/changes/#version-3-1-0", "jinja2 no longer re-exports MarkupSafe's Markup and escape", repl_dist="markupsafe", dep="3.0"),
 d("jinja2", "jinja2", ["contextfunction", "contextfilter"], "3.1", "jinja2", "safe", "https://jinja.palletsprojects.com/en/stable/changes/#version-3-1-0", "the context decorators were replaced by pass_context in 3.0 and removed in 3.1", renamed={"contextfunction": "pass_context", "contextfilter": "pass_context"}, dep="3.0"),
 d("jinja2", "jinja2", ["evalcontextfunction", "evalcontextfilter"], "3.1", "jinja2", "safe", "https://jinja.palletsprojects.com/en/stable/changes/#version-3-1-0", "replaced by pass_eval_context in 3.0 and removed in 3.1", renamed={"evalcontextfunction": "pass_eval_context", "evalcontextfilter": "pass_eval_context"}, dep="3.0"),
 d("jinja2", "jinja2", ["environmentfunction", "environmentfilter"], "3.1", "jinja2", "safe", "https://jinja.palletsprojects.com/en/stable/changes/#version-3-1-0", "replaced by pass_environment in 3.0 and removed in 3.1", renamed={"environmentfunction": "pass_environment", "environmentfilter": "pass_environment"}, dep="3.0"),
 # MarkupSafe 2.1 (verified against the 2.0.1 and 2.1.0 tags of pallets/markupsafe)
 d("markupsafe", "markupsafe", ["soft_unicode"], "2.1", "markupsafe", "safe", "https://markupsafe.palletsprojects.com/en/stable/changes/#version-2-1-0", "soft_unicode was renamed soft_str in 2.0 and removed in 2.1", renamed={"soft_unicode": "soft_str"}, dep="2.0"),
 # Flask 2.3 / 3.0 (verified against the 2.2.5, 2.3.3 and 3.0.0 tags of pallets/flask)
 d("flask", "flask", ["escape", "Markup"], "3.0", "markupsafe", "safe", "https://flask.palletsprojects.com/en/stable/changes/#version-3-0-0", "flask no longer re-exports MarkupSafe's escape and Markup", repl_dist="markupsafe", dep="2.3"),
 d("flask", "flask", ["_app_ctx_stack", "_request_ctx_stack"], "3.0", None, "display-only", "https://flask.palletsprojects.com/en/stable/changes/#version-3-0-0", "the context stacks were removed; use flask.g, flask.request or the app and request contexts", dep="2.2"),
 d("flask", "flask.json", ["JSONEncoder", "JSONDecoder"], "2.3", None, "display-only", "https://flask.palletsprojects.com/en/stable/changes/#version-2-3-0", "flask.json's encoder classes were removed; customise app.json (a JSONProvider) instead", dep="2.2"),
 # Werkzeug 2.1 / 3.0 (verified against the 2.3.8 and 3.0.0 tags of pallets/werkzeug)
 d("werkzeug", "werkzeug.urls", ["url_quote", "url_quote_plus", "url_unquote", "url_unquote_plus", "url_encode", "url_decode", "url_parse", "url_unparse", "url_join", "url_fix", "url_decode_stream", "url_encode_stream", "URL", "BaseURL"], "3.0", None, "display-only", "https://werkzeug.palletsprojects.com/en/stable/changes/#version-3-0-0", "werkzeug.urls dropped its URL functions; use urllib.parse (quote, unquote, urlencode, urlsplit, urljoin)", dep="2.3"),
 d("werkzeug", "werkzeug.wrappers", ["BaseRequest", "BaseResponse", "CommonRequestDescriptorsMixin", "CommonResponseDescriptorsMixin", "UserAgentMixin", "AcceptMixin", "ETagRequestMixin", "ETagResponseMixin", "ResponseStreamMixin", "AuthorizationMixin", "WWWAuthenticateMixin"], "2.1", "werkzeug.wrappers", "unsafe", "https://werkzeug.palletsprojects.com/en/stable/changes/#version-2-1-0", "the base wrapper classes and mixins were merged into Request and Response", renamed={"BaseRequest": "Request", "BaseResponse": "Response"}, dep="2.0"),
 d("werkzeug", "werkzeug.contrib", None, "1.0", None, "display-only", "https://werkzeug.palletsprojects.com/en/stable/changes/#version-1-0-0", "werkzeug.contrib was removed; its modules moved to separate projects (cachelib, secure-cookie)", dep="0.15"),
 # Django 3.0 / 4.0 / 5.0
 d("django", "django.utils", ["six"], "3.0", None, "display-only", DJ + "3.0/#removed-private-python-2-compatibility-apis", "django.utils.six was removed; install six and `import six`", dep="2.0"),
 d("django", "django.utils.six", None, "3.0", "six", "safe", DJ + "3.0/#removed-private-python-2-compatibility-apis", "django.utils.six was removed; install six itself", repl_dist="six", dep="2.0"),
 d("django", "django.utils.encoding", ["python_2_unicode_compatible"], "3.0", None, "display-only", DJ + "3.0/#removed-private-python-2-compatibility-apis", "the Python 2 decorator was removed: define __str__ only", dep="2.0"),
 d("django", "django.utils.functional", ["curry"], "3.0", "functools", "unsafe", DJ + "3.0/#removed-private-python-2-compatibility-apis", "curry was removed; functools.partial replaces it", renamed={"curry": "partial"}, dep="2.0"),
 d("django", "django.utils.decorators", ["available_attrs"], "3.0", None, "display-only", DJ + "3.0/#removed-private-python-2-compatibility-apis", "available_attrs was removed; functools.wraps needs no helper", dep="2.0"),
 d("django", "django.utils.lru_cache", None, "3.0", "functools", "safe", DJ + "3.0/#removed-private-python-2-compatibility-apis", "django.utils.lru_cache was removed; functools.lru_cache is the same", dep="2.0"),
 d("django", "django.conf.urls", ["url"], "4.0", "django.urls", "unsafe", DJ + "4.0/#features-removed-in-4-0", "django.conf.urls.url() was removed; django.urls.re_path() takes the same regular expressions", renamed={"url": "re_path"}, dep="3.1"),
 d("django", "django.utils.encoding", ["force_text", "smart_text"], "4.0", "django.utils.encoding", "safe", DJ + "4.0/#features-removed-in-4-0", "force_text and smart_text were removed; force_str and smart_str are the same functions", renamed={"force_text": "force_str", "smart_text": "smart_str"}, dep="3.0"),
 d("django", "django.utils.translation", ["ugettext", "ugettext_lazy", "ugettext_noop", "ungettext", "ungettext_lazy"], "4.0", "django.utils.translation", "safe", DJ + "4.0/#features-removed-in-4-0", "the u-prefixed gettext aliases were removed", renamed={"ugettext": "gettext", "ugettext_lazy": "gettext_lazy", "ugettext_noop": "gettext_noop", "ungettext": "ngettext", "ungettext_lazy": "ngettext_lazy"}, dep="3.0"),
 d("django", "django.utils.http", ["urlquote", "urlquote_plus", "urlunquote", "urlunquote_plus"], "4.0", "urllib.parse", "unsafe", DJ + "4.0/#features-removed-in-4-0", "the urlquote helpers were removed; urllib.parse's quote functions replace them", renamed={"urlquote": "quote", "urlquote_plus": "quote_plus", "urlunquote": "unquote", "urlunquote_plus": "unquote_plus"}, dep="3.0"),
 d("django", "django.utils.http", ["is_safe_url"], "4.0", "django.utils.http", "safe", DJ + "4.0/#features-removed-in-4-0", "is_safe_url was renamed url_has_allowed_host_and_scheme", renamed={"is_safe_url": "url_has_allowed_host_and_scheme"}, dep="3.0"),
 d("django", "django.utils.timezone", ["utc"], "5.0", None, "display-only", DJ + "5.0/#features-removed-in-5-0", "django.utils.timezone.utc was removed; use datetime.timezone.utc", dep="4.1"),
 d("django", "django.utils.baseconv", None, "5.0", None, "display-only", DJ + "5.0/#features-removed-in-5-0", "django.utils.baseconv was removed; django.core.signing has b62_encode/b62_decode", dep="4.0"),
 d("django", "django.utils.datetime_safe", None, "5.0", "datetime", "unsafe", DJ + "5.0/#features-removed-in-5-0", "django.utils.datetime_safe was removed; the datetime module is safe on every supported Python", dep="4.0"),
 # SQLAlchemy 2.0 (verified against the rel_1_4_46 and rel_2_0_0 tags of sqlalchemy/sqlalchemy)
 d("sqlalchemy", "sqlalchemy.orm", ["mapper"], "2.0", None, "display-only", "https://docs.sqlalchemy.org/en/20/changelog/migration_20.html", "the classical mapper() function was removed; use registry.map_imperatively()", dep="1.4"),
 d("sqlalchemy", "sqlalchemy.databases", None, "2.0", "sqlalchemy.dialects", "unsafe", "https://docs.sqlalchemy.org/en/20/changelog/migration_20.html", "sqlalchemy.databases was removed; the dialects are in sqlalchemy.dialects", dep="1.4"),
 # marshmallow 3 / 4 (3.0 verified against the 2.21.0 and 3.0.0 tags of marshmallow-code/marshmallow)
 d("marshmallow", "marshmallow", ["MarshalResult", "UnmarshalResult"], "3.0", None, "display-only", "https://marshmallow.readthedocs.io/en/stable/upgrading.html#upgrading-to-3-0", "dump and load return the data directly (and raise ValidationError) since marshmallow 3", dep="3.0"),
 d("marshmallow", "marshmallow", ["pprint"], "4.0", "pprint", "unsafe", "https://marshmallow.readthedocs.io/en/latest/changelog.html", "marshmallow.pprint was removed; use the standard library's pprint", dep="3.18"),
 # NumPy 1.24 / 2.0 (np.bool came back in 2.0)
 d("numpy", "numpy", ["float", "int", "object", "str", "complex", "long", "unicode"], "1.24", "builtins", "safe", "https://numpy.org/doc/stable/release/1.24.0-notes.html#expired-deprecations", "the aliases of Python's builtin types were removed from numpy", dep="1.20"),
 d("numpy", "numpy", ["bool"], "1.24", "builtins", "safe", "https://numpy.org/doc/stable/release/1.24.0-notes.html#expired-deprecations", "np.bool (an alias of the builtin bool) was removed; 2.0 brought it back as numpy.bool_", restored="2.0", dep="1.20"),
 d("numpy", "numpy", ["NINF", "asfarray", "find_common_type", "issubclass_", "deprecate", "safe_eval", "msort", "recfromcsv", "recfromtxt", "set_string_function", "byte_bounds", "who", "lookfor", "source"], "2.0", None, "display-only", NP2, "removed from the main numpy namespace in 2.0; the migration guide gives each one's replacement"),
 d("numpy", "numpy", ["NaN", "Inf", "Infinity", "infty", "PINF", "float_", "complex_", "string_", "unicode_", "cfloat", "longfloat", "singlecomplex", "clongfloat", "longcomplex", "product", "cumproduct", "sometrue", "alltrue", "round_"], "2.0", "numpy", "safe", NP2, "removed from the main numpy namespace in 2.0; the new name is the same object", renamed={"NaN": "nan", "Inf": "inf", "Infinity": "inf", "infty": "inf", "PINF": "inf", "float_": "float64", "complex_": "complex128", "string_": "bytes_", "unicode_": "str_", "cfloat": "complex128", "longfloat": "longdouble", "singlecomplex": "complex64", "clongfloat": "clongdouble", "longcomplex": "clongdouble", "product": "prod", "cumproduct": "cumprod", "sometrue": "any", "alltrue": "all", "round_": "round"}),
 # pandas 2.0
 d("pandas", "pandas.util.testing", None, "2.0", "pandas.testing", "unsafe", "https://pandas.pydata.org/docs/whatsnew/v2.0.0.html#removal-of-prior-version-deprecations-changes", "pandas.util.testing was removed; pandas.testing holds the public assertion helpers", dep="1.0"),
 d("pandas", "pandas", ["Int64Index", "UInt64Index", "Float64Index"], "2.0", "pandas", "unsafe", "https://pandas.pydata.org/docs/whatsnew/v2.0.0.html#removal-of-prior-version-deprecations-changes", "the numeric Index subclasses were removed; Index holds every dtype", renamed={"Int64Index": "Index", "UInt64Index": "Index", "Float64Index": "Index"}, dep="1.4"),
 d("pandas", "pandas", ["datetime", "np"], "2.0", None, "display-only", "https://pandas.pydata.org/docs/whatsnew/v2.0.0.html#removal-of-prior-version-deprecations-changes", "pandas no longer re-exports the datetime and numpy modules", dep="1.0"),
 # scikit-learn
 d("scikit-learn", "sklearn.externals.joblib", None, "0.23", "joblib", "safe", "https://scikit-learn.org/stable/whats_new/v0.23.html", "sklearn.externals.joblib was removed; install and import joblib itself", repl_dist="joblib", dep="0.21"),
 d("scikit-learn", "sklearn.externals", ["joblib", "six"], "0.23", None, "display-only", "https://scikit-learn.org/stable/whats_new/v0.23.html", "the vendored joblib and six were removed; install and import them directly", dep="0.21"),
 d("scikit-learn", "sklearn.cross_validation", None, "0.20", "sklearn.model_selection", "unsafe", "https://scikit-learn.org/stable/whats_new/v0.20.html", "sklearn.cross_validation was removed; sklearn.model_selection replaces it", dep="0.18"),
 d("scikit-learn", "sklearn.grid_search", None, "0.20", "sklearn.model_selection", "unsafe", "https://scikit-learn.org/stable/whats_new/v0.20.html", "sklearn.grid_search was removed; sklearn.model_selection replaces it", dep="0.18"),
 d("scikit-learn", "sklearn.metrics", ["plot_confusion_matrix", "plot_roc_curve", "plot_precision_recall_curve"], "1.2", None, "display-only", "https://scikit-learn.org/stable/whats_new/v1.2.html", "the plot_* functions were removed; use the Display classes' from_estimator/from_predictions", dep="1.0"),
 d("scikit-learn", "sklearn.datasets", ["load_boston"], "1.2", None, "display-only", "https://scikit-learn.org/stable/whats_new/v1.2.html", "load_boston was removed for ethical reasons; fetch_california_housing is the suggested replacement", dep="1.0"),
 # setuptools
 d("setuptools", "setuptools.command.test", None, "72.0", None, "display-only", "https://setuptools.pypa.io/en/stable/history.html#v72-0-0", "the setuptools test command was removed; run pytest (or tox) directly", dep="41.5"),
 d("setuptools", "setuptools", ["Feature"], "46.0", None, "display-only", "https://setuptools.pypa.io/en/stable/history.html#v46-0-0", "setuptools.Feature was removed; use extras", dep="38.0"),
 # urllib3 2 (verified against the 1.26.18 and 2.0.0 tags of urllib3/urllib3)
 d("urllib3", "urllib3.contrib.appengine", None, "2.0", None, "display-only", "https://urllib3.readthedocs.io/en/stable/v2-migration-guide.html", "App Engine support was removed from urllib3 2", dep="1.26"),
 d("urllib3", "urllib3.contrib.ntlmpool", None, "2.0", None, "display-only", "https://urllib3.readthedocs.io/en/stable/v2-migration-guide.html", "NTLM support was removed from urllib3 2", dep="1.26"),
 d("urllib3", "urllib3.packages.six", None, "2.0", "six", "safe", "https://urllib3.readthedocs.io/en/stable/v2-migration-guide.html", "urllib3 2 no longer vendors six", repl_dist="six", dep="1.26"),
 d("urllib3", "urllib3.util.ssl_", ["DEFAULT_CIPHERS"], "2.0", None, "display-only", "https://urllib3.readthedocs.io/en/stable/v2-migration-guide.html", "DEFAULT_CIPHERS was removed; urllib3 2 uses OpenSSL's defaults", dep="1.26"),
]

out = {"$comment": "Names (and modules) that a release of Python or of a distribution removed or moved. kind=stdlib: removedIn is a Python version, and rules/stdlib-names.json decides whether the name is missing; the entry gives the replacement and the fix. kind=distribution: removedIn is a version of `distribution`, and the entry itself is the finding (IMP009). names=null: the module itself. renamed maps an old name to its new name in the replacement module (same name otherwise). replacement=null: no mechanical replacement (display-only). error: the exact error when the distribution raises its own ({name} is the imported name; else CPython's ImportError or ModuleNotFoundError). restoredIn: the version that brought the name back.", "entries": entries}
json.dump(out, open(OUT, "w"), indent=1)
open(OUT, "a").write("\n")
