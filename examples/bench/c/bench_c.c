/*
 * bench_c: hand-written reference extension module for the abide benchmarks.
 *
 * Two builds (see build.sh):
 *  - abi3t, the CPython 3.15 stable ABI for free-threading:
 *    -DPy_TARGET_ABI3T=0x030f0000. The only entry point is PyModExport_bench_c
 *    (PEP 793) returning a PySlot array (PEP 820); there is no PyInit_bench_c.
 *  - abi3 with a 3.11 floor, for the 3.12 leg (GIL builds only):
 *    -DPy_LIMITED_API=0x030b0000, the same floor as PyO3's abi3-py311. Entry
 *    point PyInit_bench_c (multi-phase init); what 3.11's Limited API lacks is
 *    written the way a C author targeting it would (see "ABI differences").
 *
 * It does the same nine operations as the abide and PyO3 bench modules, as
 * fast as the Limited API honestly allows:
 *   noargs(), add(a, b), kwargs(a, b=0), echo_str(s), sum_list(xs),
 *   Counter(start), Counter.incr(), Counter.get(), Counter.value,
 * plus Counter.scan(n), the slow read-only method of the writer-fairness test.
 *
 * Integers are int64 (long long) with wrapping arithmetic, as in a Rust
 * release build.
 */

#include <Python.h>
#include <stdint.h>
#include <string.h>

/* Py_TARGET_ABI3T makes the headers define Py_LIMITED_API (3.15), hide the
 * PyObject layout and define Py_GIL_DISABLED (see pyabi.h). */
#if !defined(Py_TARGET_ABI3T) && !(defined(Py_LIMITED_API) && Py_LIMITED_API == 0x030b0000)
#  error "build bench_c for abi3t (-DPy_TARGET_ABI3T=0x030f0000) or abi3 3.11 (-DPy_LIMITED_API=0x030b0000)"
#endif

/* ------------------------------------------------------------------ */
/* ABI differences (abi3 3.11 only)                                     */

#ifndef Py_TARGET_ABI3T
/* The abi3 build serves GIL builds only, where the GIL already serialises the
 * methods (none of them releases it or calls back into Python). */
#  ifndef Py_BEGIN_CRITICAL_SECTION
#    define Py_BEGIN_CRITICAL_SECTION(op) {
#    define Py_END_CRITICAL_SECTION() }
#  endif
/* Not in the 3.11 Limited API. The METH_FASTCALL | METH_KEYWORDS function gets
 * a plain count (CPython strips the vectorcall flag before calling it). */
#  ifndef PyVectorcall_NARGS
#    define PyVectorcall_NARGS(n) ((Py_ssize_t)(n))
#  endif
#endif

/* Keyword name comparison: PyUnicode_EqualToUTF8 is 3.13+. */
static inline int
key_is(PyObject *key, const char *name)
{
#ifdef Py_TARGET_ABI3T
    return PyUnicode_EqualToUTF8(key, name);
#else
    return PyUnicode_CompareWithASCIIString(key, name) == 0;
#endif
}

/* "<what>, not <type name>" as a TypeError (%T is 3.13+); error paths only. */
static PyObject *
arg_type_error(const char *what, PyObject *obj)
{
    PyObject *name = PyType_GetName(Py_TYPE(obj));
    if (name != NULL) {
        PyErr_Format(PyExc_TypeError, "%s, not %U", what, name);
        Py_DecRef(name);
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Module state                                                        */

typedef struct {
    PyObject *counter_type;   /* strong reference to the Counter heap type */
} bench_state;

static inline bench_state *
get_state(PyObject *module)
{
    return (bench_state *)PyModule_GetState(module);
}

/* ------------------------------------------------------------------ */
/* Helpers                                                              */

static inline int64_t
wrapping_add(int64_t a, int64_t b)
{
    return (int64_t)((uint64_t)a + (uint64_t)b);
}

/* Converts an int-like object to int64; returns -1 with an error set on
 * failure (check with PyErr_Occurred only when the value is -1). */
static inline int
as_i64(PyObject *obj, int64_t *out)
{
    long long v = PyLong_AsLongLong(obj);
    if (v == -1 && PyErr_Occurred()) {
        return -1;
    }
    *out = (int64_t)v;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Module functions                                                     */

static PyObject *
bench_noargs(PyObject *Py_UNUSED(module), PyObject *Py_UNUSED(unused))
{
    Py_RETURN_NONE;
}

static PyObject *
bench_add(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    int64_t a, b;
    if (nargs != 2) {
        PyErr_Format(PyExc_TypeError,
                     "add() takes exactly 2 positional arguments (%zd given)",
                     nargs);
        return NULL;
    }
    if (as_i64(args[0], &a) < 0 || as_i64(args[1], &b) < 0) {
        return NULL;
    }
    return PyLong_FromLongLong(wrapping_add(a, b));
}

/* kwargs(a, b=0): both may be passed positionally or by keyword. */
static PyObject *
bench_kwargs(PyObject *Py_UNUSED(module), PyObject *const *args,
             size_t nargsf, PyObject *kwnames)
{
    static const char *const names[2] = {"a", "b"};
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    PyObject *given[2] = {NULL, NULL};

    if (nargs > 2) {
        PyErr_Format(PyExc_TypeError,
                     "kwargs() takes at most 2 arguments (%zd given)", nargs);
        return NULL;
    }
    for (Py_ssize_t i = 0; i < nargs; i++) {
        given[i] = args[i];
    }
    if (kwnames != NULL) {
        Py_ssize_t nkw = PyTuple_Size(kwnames);
        if (nkw < 0) {
            return NULL;
        }
        for (Py_ssize_t k = 0; k < nkw; k++) {
            PyObject *key = PyTuple_GetItem(kwnames, k);   /* borrowed */
            int slot;
            if (key == NULL) {
                return NULL;
            }
            if (key_is(key, names[0])) {
                slot = 0;
            }
            else if (key_is(key, names[1])) {
                slot = 1;
            }
            else {
                PyErr_Format(PyExc_TypeError,
                             "kwargs() got an unexpected keyword argument '%U'",
                             key);
                return NULL;
            }
            if (given[slot] != NULL) {
                PyErr_Format(PyExc_TypeError,
                             "argument for kwargs() given by name ('%s') "
                             "and position (%d)", names[slot], slot + 1);
                return NULL;
            }
            given[slot] = args[nargs + k];
        }
    }
    if (given[0] == NULL) {
        PyErr_SetString(PyExc_TypeError,
                        "kwargs() missing required argument 'a' (pos 1)");
        return NULL;
    }

    int64_t a, b = 0;
    if (as_i64(given[0], &a) < 0) {
        return NULL;
    }
    if (given[1] != NULL && as_i64(given[1], &b) < 0) {
        return NULL;
    }
    return PyLong_FromLongLong(wrapping_add(a, b));
}

/* echo_str(s): &str -> String, i.e. borrow the UTF-8 buffer, build a new str. */
static PyObject *
bench_echo_str(PyObject *Py_UNUSED(module), PyObject *s)
{
    Py_ssize_t len;
    const char *utf8;
    if (!PyUnicode_Check(s)) {
        return arg_type_error("echo_str() argument must be str", s);
    }
    utf8 = PyUnicode_AsUTF8AndSize(s, &len);
    if (utf8 == NULL) {
        return NULL;
    }
    return PyUnicode_FromStringAndSize(utf8, len);
}

/* sum_list(xs): one snapshot of the list as a tuple (safe against concurrent
 * mutation on free-threaded builds), then borrowed items. */
static PyObject *
bench_sum_list(PyObject *Py_UNUSED(module), PyObject *xs)
{
    PyObject *snap;
    Py_ssize_t n;
    int64_t total = 0;

    if (!PyList_Check(xs)) {
        return arg_type_error("sum_list() argument must be list", xs);
    }
    snap = PyList_AsTuple(xs);
    if (snap == NULL) {
        return NULL;
    }
    n = PyTuple_Size(snap);
    for (Py_ssize_t i = 0; i < n; i++) {
        int64_t v;
        PyObject *item = PyTuple_GetItem(snap, i);     /* borrowed */
        if (item == NULL || as_i64(item, &v) < 0) {
            Py_DecRef(snap);
            return NULL;
        }
        total = wrapping_add(total, v);
    }
    Py_DecRef(snap);
    return PyLong_FromLongLong(total);
}

/* bytes_len(b): the length of a bytes object (&[u8] in Rust). */
static PyObject *
bench_bytes_len(PyObject *Py_UNUSED(module), PyObject *b)
{
    Py_ssize_t n;
    if (!PyBytes_Check(b)) {
        return arg_type_error("bytes_len() argument must be bytes", b);
    }
    n = PyBytes_Size(b);
    if (n < 0) {
        return NULL;
    }
    return PyLong_FromSsize_t(n);
}

/* make_bytes(n): n bytes of b'x', written into a new bytes object. */
static PyObject *
bench_make_bytes(PyObject *Py_UNUSED(module), PyObject *arg)
{
    PyObject *out;
    char *data;
    Py_ssize_t n = PyLong_AsSsize_t(arg);
    if (n == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (n < 0) {
        PyErr_SetString(PyExc_OverflowError, "can't convert negative int to unsigned");
        return NULL;
    }
    out = PyBytes_FromStringAndSize(NULL, n);
    if (out == NULL) {
        return NULL;
    }
    data = PyBytes_AsString(out);
    if (data == NULL) {
        Py_DecRef(out);
        return NULL;
    }
    memset(data, 'x', (size_t)n);
    return out;
}

/* sum_f64(buf): the sum of a buffer of C doubles (format 'd'), read in place. */
static PyObject *
bench_sum_f64(PyObject *Py_UNUSED(module), PyObject *obj)
{
    Py_buffer view;
    double total = 0.0;
    Py_ssize_t n;
    const double *items;
    if (PyObject_GetBuffer(obj, &view, PyBUF_FORMAT | PyBUF_C_CONTIGUOUS) < 0) {
        return NULL;
    }
    if (view.itemsize != (Py_ssize_t)sizeof(double) || view.format == NULL
        || !(strcmp(view.format, "d") == 0 || strcmp(view.format, "@d") == 0
             || strcmp(view.format, "=d") == 0)) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_TypeError, "sum_f64() needs a buffer of doubles");
        return NULL;
    }
    n = view.len / (Py_ssize_t)sizeof(double);
    items = (const double *)view.buf;
    for (Py_ssize_t i = 0; i < n; i++) {
        total += items[i];
    }
    PyBuffer_Release(&view);
    return PyFloat_FromDouble(total);
}

/* path_in(p): the length in bytes of the last component of a path (str,
 * bytes or os.PathLike), as PathBuf::file_name in Rust. */
static PyObject *
bench_path_in(PyObject *Py_UNUSED(module), PyObject *p)
{
    PyObject *fs, *encoded;
    const char *data, *slash;
    Py_ssize_t len, start;
    fs = PyOS_FSPath(p);
    if (fs == NULL) {
        return NULL;
    }
    if (PyBytes_Check(fs)) {
        encoded = fs;
    } else {
        encoded = PyUnicode_EncodeFSDefault(fs);
        Py_DecRef(fs);
        if (encoded == NULL) {
            return NULL;
        }
    }
    data = PyBytes_AsString(encoded);
    len = PyBytes_Size(encoded);
    if (data == NULL || len < 0) {
        Py_DecRef(encoded);
        return NULL;
    }
    while (len > 1 && data[len - 1] == '/') {
        len--;
    }
    slash = NULL;
    for (Py_ssize_t i = 0; i < len; i++) {
        if (data[i] == '/') {
            slash = data + i;
        }
    }
    start = slash == NULL ? 0 : (slash - data) + 1;
    Py_DecRef(encoded);
    return PyLong_FromSsize_t(len - start);
}

static PyMethodDef bench_methods[] = {
    {"noargs", bench_noargs, METH_NOARGS, "noargs() -> None"},
    {"add", (PyCFunction)(void (*)(void))bench_add, METH_FASTCALL,
     "add(a, b) -> int"},
    {"kwargs", (PyCFunction)(void (*)(void))bench_kwargs,
     METH_FASTCALL | METH_KEYWORDS, "kwargs(a, b=0) -> int"},
    {"echo_str", bench_echo_str, METH_O, "echo_str(s) -> str"},
    {"sum_list", bench_sum_list, METH_O, "sum_list(xs) -> int"},
    {"bytes_len", bench_bytes_len, METH_O, "bytes_len(b) -> int"},
    {"make_bytes", bench_make_bytes, METH_O, "make_bytes(n) -> bytes"},
    {"sum_f64", bench_sum_f64, METH_O, "sum_f64(buf) -> float"},
    {"path_in", bench_path_in, METH_O, "path_in(p) -> int"},
    {NULL, NULL, 0, NULL},
};

/* ------------------------------------------------------------------ */
/* Counter                                                              */

typedef struct {
    int64_t value;
} CounterData;

#ifdef Py_TARGET_ABI3T
/* PEP 697 type data: the base (object) is extended by this struct, found
 * with PyObject_GetTypeData, never by offset. Counter is final (no
 * Py_TPFLAGS_BASETYPE), so Py_TYPE(self) is always the defining class. */
#  define COUNTER_BASICSIZE (-(int)sizeof(CounterData))

static inline CounterData *
counter_data(PyObject *self)
{
    return (CounterData *)PyObject_GetTypeData(self, Py_TYPE(self));
}
#else
/* abi3 (GIL builds) fixes the object header, and 3.11 has no PEP 697: the
 * classic layout, the data right after PyObject_HEAD. */
typedef struct {
    PyObject_HEAD
    CounterData data;
} CounterObject;
#  define COUNTER_BASICSIZE ((int)sizeof(CounterObject))

static inline CounterData *
counter_data(PyObject *self)
{
    return &((CounterObject *)self)->data;
}
#endif

/* Writers, and the long read `scan`, hold the object's critical section
 * (Py_BEGIN_CRITICAL_SECTION: a per-object lock on free-threaded builds, a
 * no-op on GIL builds), as a correct free-threaded C class does. The one-word
 * reads `get` and `value` need no lock: a relaxed atomic load (free on x86-64)
 * is already race-free, and is what a C author would write. */
static inline int64_t
counter_load(CounterData *d)
{
    return __atomic_load_n(&d->value, __ATOMIC_RELAXED);
}

static PyObject *
counter_alloc(PyTypeObject *type, int64_t start)
{
    PyObject *self = PyType_GenericAlloc(type, 0);
    if (self == NULL) {
        return NULL;
    }
    counter_data(self)->value = start;
    return self;
}

/* Counter(start): tp_new, the general (slow) path. */
static PyObject *
counter_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"start", NULL};
    long long start;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "L:Counter", kwlist, &start)) {
        return NULL;
    }
    return counter_alloc(type, (int64_t)start);
}

#ifdef Py_tp_vectorcall
/* Counter(start): tp_vectorcall, the fast path for calling the type (a type
 * slot since 3.14: the abi3 3.11 build has only tp_new). */
static PyObject *
counter_vectorcall(PyObject *type, PyObject *const *args, size_t nargsf,
                   PyObject *kwnames)
{
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    Py_ssize_t nkw = 0;
    PyObject *start_obj;
    int64_t start;

    if (kwnames != NULL) {
        nkw = PyTuple_Size(kwnames);
        if (nkw < 0) {
            return NULL;
        }
    }
    if (nargs + nkw != 1) {
        PyErr_Format(PyExc_TypeError,
                     "Counter() takes exactly one argument (%zd given)",
                     nargs + nkw);
        return NULL;
    }
    if (nkw == 1) {
        PyObject *key = PyTuple_GetItem(kwnames, 0);   /* borrowed */
        if (key == NULL) {
            return NULL;
        }
        if (!key_is(key, "start")) {
            PyErr_Format(PyExc_TypeError,
                         "Counter() got an unexpected keyword argument '%U'",
                         key);
            return NULL;
        }
    }
    start_obj = args[0];
    if (as_i64(start_obj, &start) < 0) {
        return NULL;
    }
    return counter_alloc((PyTypeObject *)type, start);
}
#endif

static PyObject *
counter_incr(PyObject *self, PyObject *Py_UNUSED(unused))
{
    CounterData *d = counter_data(self);
    Py_BEGIN_CRITICAL_SECTION(self);
    __atomic_store_n(&d->value, wrapping_add(counter_load(d), 1), __ATOMIC_RELAXED);
    Py_END_CRITICAL_SECTION();
    Py_RETURN_NONE;
}

static PyObject *
counter_get(PyObject *self, PyObject *Py_UNUSED(unused))
{
    return PyLong_FromLongLong(counter_load(counter_data(self)));
}

static PyObject *
counter_value_get(PyObject *self, void *Py_UNUSED(closure))
{
    return PyLong_FromLongLong(counter_load(counter_data(self)));
}

/* scan(n): n rounds of a 64-bit mix of the value, holding the critical
 * section throughout: a read that keeps the object for a few microseconds
 * (the same work as the Rust modules' `scan(&self, n: u64) -> i64`). */
static PyObject *
counter_scan(PyObject *self, PyObject *n_obj)
{
    uint64_t x;
    unsigned long long n = PyLong_AsUnsignedLongLong(n_obj);
    if (n == (unsigned long long)-1 && PyErr_Occurred()) {
        return NULL;
    }
    Py_BEGIN_CRITICAL_SECTION(self);
    x = (uint64_t)counter_load(counter_data(self));
    for (unsigned long long i = 0; i < n; i++) {
        x ^= x >> 31;
        x *= UINT64_C(0x9E3779B97F4A7C15);
        x ^= x >> 29;
    }
    Py_END_CRITICAL_SECTION();
    return PyLong_FromLongLong((int64_t)x);
}

static PyMethodDef counter_methods[] = {
    {"incr", counter_incr, METH_NOARGS, "incr() -> None"},
    {"get", counter_get, METH_NOARGS, "get() -> int"},
    {"scan", counter_scan, METH_O, "scan(n) -> int"},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef counter_getset[] = {
    {"value", counter_value_get, NULL, "the current value", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyType_Slot counter_slots[] = {
    {Py_tp_doc, (void *)"Counter(start)\n--\n\nAn int64 counter."},
    {Py_tp_new, counter_new},
#ifdef Py_tp_vectorcall
    {Py_tp_vectorcall, counter_vectorcall},
#endif
    {Py_tp_methods, counter_methods},
    {Py_tp_getset, counter_getset},
    {0, NULL},
};

static PyType_Spec counter_spec = {
    .name = "bench_c.Counter",
    .basicsize = COUNTER_BASICSIZE,
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = counter_slots,
};

/* ------------------------------------------------------------------ */
/* Module                                                               */

static int
bench_exec(PyObject *module)
{
    bench_state *st = get_state(module);
#ifdef Py_TARGET_ABI3T
    PyObject *tp = PyType_FromMetaclass(NULL, module, &counter_spec, NULL);
#else
    PyObject *tp = PyType_FromModuleAndSpec(module, &counter_spec, NULL); /* FromMetaclass: 3.12+ */
#endif
    if (tp == NULL) {
        return -1;
    }
    st->counter_type = tp;   /* the state owns this reference */
    return PyModule_AddObjectRef(module, "Counter", tp);
}

static int
bench_traverse(PyObject *module, visitproc visit, void *arg)
{
    bench_state *st = get_state(module);
    if (st != NULL && st->counter_type != NULL) {
        int r = visit(st->counter_type, arg);
        if (r) {
            return r;
        }
    }
    return 0;
}

static int
bench_clear(PyObject *module)
{
    bench_state *st = get_state(module);
    if (st != NULL && st->counter_type != NULL) {
        PyObject *tp = st->counter_type;
        st->counter_type = NULL;
        Py_DecRef(tp);
    }
    return 0;
}

static void
bench_free(void *module)
{
    (void)bench_clear((PyObject *)module);
}

#ifdef Py_TARGET_ABI3T
static PyABIInfo bench_abi_info = {
    .abiinfo_major_version = 1,
    .abiinfo_minor_version = 0,
    .flags = PyABIInfo_STABLE | PyABIInfo_FREETHREADING_AGNOSTIC,
    .build_version = PY_VERSION_HEX,
    .abi_version = 0x030f0000,
};

static PySlot bench_slots[] = {
    PySlot_DATA(Py_mod_abi, &bench_abi_info),
    PySlot_DATA(Py_mod_name, "bench_c"),
    PySlot_DATA(Py_mod_doc, "Hand-written C reference module for the abide benchmarks."),
    PySlot_STATIC_DATA(Py_mod_methods, bench_methods),
    PySlot_SIZE(Py_mod_state_size, sizeof(bench_state)),
    PySlot_FUNC(Py_mod_state_traverse, bench_traverse),
    PySlot_FUNC(Py_mod_state_clear, bench_clear),
    PySlot_FUNC(Py_mod_state_free, bench_free),
    PySlot_FUNC(Py_mod_exec, bench_exec),
    PySlot_DATA(Py_mod_multiple_interpreters,
                Py_MOD_PER_INTERPRETER_GIL_SUPPORTED),
    PySlot_DATA(Py_mod_gil, Py_MOD_GIL_NOT_USED),
    PySlot_END,
};

PyMODEXPORT_FUNC
PyModExport_bench_c(PyObject *Py_UNUSED(spec))
{
    return bench_slots;
}
#else
/* abi3 3.11: PyInit_bench_c and a PyModuleDef, multi-phase init. */
static PyModuleDef_Slot bench_slots[] = {
    {Py_mod_exec, (void *)bench_exec},
    {0, NULL},
};

static PyModuleDef bench_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "bench_c",
    .m_doc = "Hand-written C reference module for the abide benchmarks.",
    .m_size = sizeof(bench_state),
    .m_methods = bench_methods,
    .m_slots = bench_slots,
    .m_traverse = bench_traverse,
    .m_clear = bench_clear,
    .m_free = bench_free,
};

PyMODINIT_FUNC
PyInit_bench_c(void)
{
    return PyModuleDef_Init(&bench_def);
}
#endif
