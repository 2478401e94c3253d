"""The buffer protocol both ways: `PyBuffer<T>` parameters read bytes, bytearray,
memoryview (also strided and multi-dimensional), array.array and numpy arrays, with the
element type checked; classes export their items to memoryview and numpy without a copy
and refuse to resize while a view exists."""

import array
import gc
import struct
import sys
import threading

import numpy
import pytest

import testmod


# --- reading ---------------------------------------------------------------------------


def test_sum_of_float64_exporters():
    values = [1.5, 2.25, -3.0, 10.0]
    expected = sum(values)
    assert testmod.sum_f64(array.array("d", values)) == expected
    assert testmod.sum_f64(memoryview(array.array("d", values))) == expected
    with pytest.raises(BufferError, match=r"format 'B' \(1 bytes\), not compatible with f64"):
        testmod.sum_f64(struct.pack("4d", *values))
    assert testmod.sum_f64(memoryview(struct.pack("4d", *values)).cast("d")) == expected
    assert testmod.sum_f64_fast(array.array("d", values)) == expected
    # An empty array points at a static byte, aligned or not: nothing is read.
    assert testmod.sum_f64(array.array("d")) == 0.0
    assert testmod.sum_f64_fast(array.array("d")) == 0.0
    assert testmod.to_vec_i32(array.array("i")) == []


def test_bytes_and_bytearray():
    assert testmod.buffer_bytes(b"abc") == b"abc"
    assert testmod.buffer_bytes(bytearray(b"xyz")) == b"xyz"
    assert testmod.buffer_bytes(memoryview(b"hello")) == b"hello"
    assert testmod.buffer_bytes(b"") == b""


def test_non_contiguous_memoryview():
    b = bytes(range(10))
    stepped = memoryview(b)[::2]
    assert testmod.buffer_bytes(stepped) == bytes([0, 2, 4, 6, 8])
    backwards = memoryview(b)[::-3]
    assert testmod.buffer_bytes(backwards) == bytes([9, 6, 3, 0])
    a = array.array("d", [1.0, 2.0, 3.0, 4.0, 5.0])
    # Not contiguous: the fast path is refused, the copying path works.
    assert testmod.sum_f64(memoryview(a)[::2]) == 9.0
    with pytest.raises(BufferError, match="not C-contiguous"):
        testmod.sum_f64_fast(memoryview(a)[::2])
    assert testmod.copy_out_f64(memoryview(a)[::-1]) == [5.0, 4.0, 3.0, 2.0, 1.0]


def test_multi_dimensional_cast():
    a = array.array("i", range(6))
    m = memoryview(a).cast("B").cast("i", [2, 3])
    shape, strides, ndim, count, readonly, contiguous, fmt = testmod.describe_i32(m)
    assert shape == [2, 3]
    assert strides == [12, 4]
    assert (ndim, count, readonly, contiguous, fmt) == (2, 6, False, True, "i")
    assert testmod.to_vec_i32(m) == [0, 1, 2, 3, 4, 5]
    assert testmod.describe_i32(memoryview(bytes(4)).cast("i"))[4] is True


def test_array_types():
    assert testmod.to_vec_i32(array.array("i", [7, -8, 9])) == [7, -8, 9]
    assert testmod.buffer_bytes(array.array("B", [1, 2, 255])) == bytes([1, 2, 255])
    assert testmod.sum_f64(array.array("d", [0.5] * 8)) == 4.0
    assert testmod.u16_count(array.array("H", [1, 2, 3])) == 3


def test_wrong_element_type():
    with pytest.raises(BufferError, match=r"buffer has items of format 'i' \(4 bytes\), not compatible with f64"):
        testmod.sum_f64(array.array("i", [1, 2]))
    with pytest.raises(BufferError, match=r"format 'B' \(1 bytes\), not compatible with i32"):
        testmod.to_vec_i32(b"abcd")
    with pytest.raises(BufferError, match=r"format 'f' \(4 bytes\), not compatible with f64"):
        testmod.sum_f64(array.array("f", [1.0]))
    # Standard sizes in the other byte order are refused too.
    other = ">d" if sys.byteorder == "little" else "<d"
    with pytest.raises(BufferError, match="not compatible with f64"):
        testmod.sum_f64(numpy.zeros(2, dtype=other))


def test_not_a_buffer():
    with pytest.raises(TypeError, match=r"argument 'buf': a bytes-like object is required, not 'list'"):
        testmod.sum_f64([1.0, 2.0])
    with pytest.raises(TypeError, match="bytes-like object is required, not 'str'"):
        testmod.buffer_bytes("text")


def test_misaligned_items():
    raw = bytearray(17)
    misaligned = memoryview(raw)[1:].cast("d")
    with pytest.raises(BufferError, match=r"not aligned for f64 \(8 bytes\)"):
        testmod.sum_f64(misaligned)


def test_writing_into_a_bytearray():
    b = bytearray(b"....")
    testmod.fill_bytes(b, b"abcd")
    assert b == bytearray(b"abcd")
    with pytest.raises(BufferError, match=r"slice to copy from \(of length 2\) does not match buffer length of 4"):
        testmod.fill_bytes(b, b"xy")
    with pytest.raises(BufferError, match="cannot write to a read-only buffer"):
        testmod.fill_bytes(b"abcd", b"wxyz")
    # Through a strided view: every other byte.
    c = bytearray(6)
    testmod.fill_bytes(memoryview(c)[::2], b"abc")
    assert c == bytearray(b"a\0b\0c\0")


def test_writing_through_cells():
    a = array.array("d", [1.0, 2.0])
    testmod.add_in_place(a, 0.5)
    assert a.tolist() == [1.5, 2.5]
    with pytest.raises(BufferError, match="need a writable"):
        testmod.add_in_place(memoryview(a).toreadonly(), 1.0)


def test_buffer_is_released():
    b = bytearray(b"abc")
    testmod.buffer_bytes(b)
    testmod.fill_bytes(b, b"xyz")
    b.extend(b"more")  # would raise BufferError if a view were still held
    assert b == bytearray(b"xyzmore")
    # Released also after a failed type check.
    with pytest.raises(BufferError):
        testmod.to_vec_i32(b)
    b.clear()


def test_dropped_on_another_thread():
    a = array.array("d", [1.0, 2.0, 3.0])
    assert testmod.sum_on_thread(a) == 6.0
    a.append(4.0)  # the view was released by the other thread
    assert len(a) == 4


# --- exporting -------------------------------------------------------------------------


def test_memoryview_of_an_exporting_class():
    fa = testmod.FloatArray([1.0, 2.0, 3.5])
    m = memoryview(fa)
    assert m.format == "d"
    assert m.itemsize == 8
    assert m.shape == (3,)
    assert m.strides == (8,)
    assert m.ndim == 1
    assert m.readonly is False
    assert m.c_contiguous
    assert m.tolist() == [1.0, 2.0, 3.5]
    assert fa.exports == 1
    m[1] = 20.0  # writes the instance's own items
    assert fa.tolist() == [1.0, 20.0, 3.5]
    m.release()
    assert fa.exports == 0


def test_resize_refused_while_exported():
    fa = testmod.FloatArray([1.0])
    m = memoryview(fa)
    with pytest.raises(BufferError, match="^Existing exports of data: object cannot be re-sized$"):
        fa.push(2.0)
    with pytest.raises(BufferError, match="Existing exports of data"):
        fa.clear()
    m2 = memoryview(fa)
    assert fa.exports == 2
    m.release()
    with pytest.raises(BufferError):
        fa.push(2.0)
    m2.release()
    fa.push(2.0)
    assert fa.tolist() == [1.0, 2.0]
    fa.clear()
    assert len(fa) == 0
    assert memoryview(fa).tolist() == []


def test_replaced_while_exported():
    fa = testmod.FloatArray([1.0, 2.0])
    m = memoryview(fa)
    fa.replace([7.0])
    # The old items stay readable through the old view; the new vector has no exports.
    assert m.tolist() == [1.0, 2.0]
    assert fa.exports == 0
    assert fa.tolist() == [7.0]
    m.release()  # released to a vector that is gone: ignored
    assert fa.exports == 0
    fa.push(8.0)
    assert memoryview(fa).tolist() == [7.0, 8.0]


def test_exporting_class_read_by_abide():
    fa = testmod.FloatArray([0.5, 1.5])
    assert testmod.sum_f64(fa) == 2.0
    assert fa.exports == 0
    with pytest.raises(BufferError, match="not compatible with i32"):
        testmod.to_vec_i32(fa)
    assert fa.exports == 0


def test_numpy_views_without_copy():
    fa = testmod.FloatArray([1.0, 2.0, 3.0])
    arr = numpy.asarray(fa)
    assert arr.dtype == numpy.float64
    assert arr.shape == (3,)
    assert fa.exports == 1
    arr[0] = 42.0
    assert fa.tolist() == [42.0, 2.0, 3.0]
    with pytest.raises(BufferError):
        fa.push(1.0)
    del arr
    gc.collect()
    assert fa.exports == 0
    fa.push(1.0)


def test_abide_reads_numpy():
    a = numpy.arange(12, dtype=numpy.float64)
    assert testmod.sum_f64(a) == 66.0
    assert testmod.sum_f64_fast(a) == 66.0
    m = numpy.arange(12, dtype=numpy.int32).reshape(3, 4)
    shape, strides, ndim, count, readonly, contiguous, fmt = testmod.describe_i32(m)
    assert (shape, strides, ndim, count, contiguous) == ([3, 4], [16, 4], 2, 12, True)
    # Transposed: Fortran order, read in C order by a copy.
    assert testmod.to_vec_i32(m.T) == m.T.flatten().tolist()
    assert testmod.describe_i32(m.T)[5] is False
    w = numpy.zeros(3)
    testmod.add_in_place(w, 2.0)
    assert w.tolist() == [2.0, 2.0, 2.0]
    w.flags.writeable = False
    with pytest.raises(BufferError, match="need a writable"):
        testmod.add_in_place(w, 1.0)


def test_raw_pyo3_signature():
    s = testmod.ByteStore(b"hello")
    m = memoryview(s)
    assert m.readonly is True
    assert m.format == "B"
    assert bytes(m) == b"hello"
    assert s.exports == 1
    with pytest.raises(BufferError, match="Existing exports"):
        s.extend(b"!")
    m.release()
    assert s.exports == 0
    s.extend(b"!")
    assert bytes(memoryview(s)) == b"hello!"
    # abide asks for a read-only view and refuses the write itself...
    with pytest.raises(BufferError, match="cannot write to a read-only buffer"):
        testmod.fill_bytes(s, b"xxxxxx")
    # ...while a consumer asking for a writable view, `__buffer__(1)`, gets the class's
    # own error. PEP 688 gives classes that method from 3.12 on, as it does `bytes`.
    assert hasattr(s, "__buffer__") == hasattr(b"", "__buffer__")
    if hasattr(b"", "__buffer__"):
        with pytest.raises(BufferError, match="ByteStore is read-only"):
            s.__buffer__(1)
    assert s.exports == 0
    assert testmod.buffer_bytes(s) == b"hello!"


def test_unfilled_view_is_refused():
    with pytest.raises(BufferError, match="^__getbuffer__ returned without filling the view$"):
        memoryview(testmod.Careless())
    with pytest.raises(BufferError, match="without filling the view"):
        testmod.buffer_bytes(testmod.Careless())


def test_exports_from_threads():
    fa = testmod.FloatArray([1.0] * 1000)
    errors = []

    def work():
        try:
            for _ in range(200):
                with memoryview(fa) as m:
                    assert m[999] == 1.0
                assert testmod.sum_f64(fa) == 1000.0
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert fa.exports == 0
    fa.push(2.0)
    assert len(fa) == 1001
