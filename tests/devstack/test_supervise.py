"""devstack/supervise.sh keeps make run's job workers alive: a worker that stops is
started again, and stopping the supervisor stops the worker with it."""
import os
import signal
import subprocess
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SUPERVISE = os.path.join(REPO, "devstack", "supervise.sh")


def wait_for(condition, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_a_stopped_worker_is_started_again_and_stops_with_its_supervisor(tmp_path):
    starts, log = tmp_path / "starts", tmp_path / "worker.log"
    # A "worker" that records each start, then waits to be killed.
    worker = f"echo $$ >> {starts}; exec sleep 300"
    supervisor = subprocess.Popen(["bash", SUPERVISE, "worker-1", str(log), "bash", "-c", worker],
                                  start_new_session=True)
    try:
        assert wait_for(lambda: starts.exists() and len(starts.read_text().split()) == 1)
        first = int(starts.read_text().split()[0])
        os.kill(first, signal.SIGKILL)  # the worker dies
        assert wait_for(lambda: len(starts.read_text().split()) == 2)
        second = int(starts.read_text().split()[1])
        assert second != first
        assert "worker-1 s'est arrêté" in log.read_text()

        supervisor.terminate()
        supervisor.wait(timeout=10)
        assert wait_for(lambda: not os.path.exists(f"/proc/{second}"), 10)
    finally:
        if supervisor.poll() is None:
            os.killpg(supervisor.pid, signal.SIGKILL)
