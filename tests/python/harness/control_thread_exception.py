"""Control: an exception in a thread the test starts; the test itself passes."""

import threading


def test_thread_raises():
    def body():
        raise RuntimeError("raised in a thread")

    th = threading.Thread(target=body)
    th.start()
    th.join()
