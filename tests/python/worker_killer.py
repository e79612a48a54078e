"""A worker plugin for tests: the first worker to start a zonal window task kills its own process (SIGKILL, as
an out-of-memory kill or a lost machine would), once per marker file, which then holds the killed pid."""
import os
import signal

from distributed.diagnostics.plugin import WorkerPlugin


class KillOnFirstWindow(WorkerPlugin):
    name = "ecobarrier-kill-on-first-window"

    def __init__(self, marker):
        self.marker = marker

    def transition(self, key, start, finish, **kwargs):
        if finish != "executing" or not str(key).startswith("ecobarrier-zonal-window-"):
            return
        try:
            fd = os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)  # one kill across both workers
        except FileExistsError:
            return
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        os.kill(os.getpid(), signal.SIGKILL)
