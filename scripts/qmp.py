#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# qmp.py save|restore SOCKET FILE SECONDS
#
# boot.sh's snapshot step, over the QMP socket of a QEMU it started
# (-qmp unix:SOCKET,server=on,wait=off):
#
#   save     stop the guest and migrate it into FILE, then quit QEMU;
#   restore  load the guest from FILE into a QEMU started with
#            -incoming defer, and let it run.
#
# FILE is opened here and handed to QEMU over the socket (getfd), and
# QEMU reads or writes it itself: no helper process sits between them
# whose end could cut the stream short.  The guest is stopped before it
# is saved: QEMU 7.2's TCG can miss a page a running guest writes while
# it is migrated (an arm64 guest restored from such a state ran its idle
# task on a stale stack).  So a restored guest starts paused, and runs
# once it is whole ('cont').  Everything must be done within SECONDS;
# on failure, the reason goes to stderr, QEMU is told to quit and the
# exit status is 1.  A long save says how far it got every few seconds.
import json
import os
import socket
import sys
import time


class QMPError(Exception):
    pass


class QMP:
    def __init__(self, path, deadline):
        self.deadline = deadline
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.sock.settimeout(max(deadline - time.monotonic(), 1))
        self.buf = b""
        self.reply()  # the greeting
        self.run("qmp_capabilities")

    def reply(self):
        """The next message that is not an event."""
        while True:
            while b"\n" not in self.buf:
                try:
                    data = self.sock.recv(65536)
                except ConnectionError:
                    data = b""
                if not data:
                    raise QMPError("QEMU closed its QMP socket")
                self.buf += data
            line, self.buf = self.buf.split(b"\n", 1)
            msg = json.loads(line)
            if "event" not in msg:
                return msg

    def run(self, command, fd=None, **args):
        msg = json.dumps({"execute": command, "arguments": args}).encode()
        if fd is None:
            self.sock.sendall(msg)
        else:
            socket.send_fds(self.sock, [msg], [fd])
        answer = self.reply()
        if "error" in answer:
            raise QMPError(f"{command}: {answer['error'].get('desc', answer)}")
        return answer.get("return")

    def quit(self):
        """Tell QEMU to quit; it may close the socket before it answers."""
        try:
            self.run("quit")
        except (QMPError, OSError):
            pass

    def pass_file(self, path, mode, name):
        with open(path, mode) as f:
            self.run("getfd", fd=f.fileno(), fdname=name)

    def migration(self, what):
        """Wait for the migration in progress to finish."""
        shown = time.monotonic()
        while True:
            info = self.run("query-migrate")
            status = info.get("status", "none")
            if status == "completed":
                return
            if status in ("failed", "cancelled"):
                raise QMPError(f"{what} {status}: {info.get('error-desc', 'QEMU gave no reason')}")
            if time.monotonic() > self.deadline:
                raise QMPError(f"{what} did not finish in time (status {status})")
            if time.monotonic() - shown >= 3 and "ram" in info:
                ram = info["ram"]
                print(f"==> {what}: {ram.get('transferred', 0) >> 20} MiB so far", file=sys.stderr)
                shown = time.monotonic()
            time.sleep(0.05)


def save(qmp, path):
    qmp.run("stop")
    qmp.run("migrate-set-parameters", **{"max-bandwidth": 4 << 30})
    qmp.pass_file(path, "wb", "state")
    qmp.run("migrate", uri="fd:state")
    qmp.migration("saving")
    qmp.quit()


def restore(qmp, path):
    qmp.pass_file(path, "rb", "state")
    qmp.run("migrate-incoming", uri="fd:state")
    qmp.migration("restoring")
    if qmp.run("query-status")["status"] != "running":
        qmp.run("cont")
    while qmp.run("query-status")["status"] != "running":
        if time.monotonic() > qmp.deadline:
            raise QMPError("the restored guest does not run")
        time.sleep(0.05)


def main():
    if len(sys.argv) != 5 or sys.argv[1] not in ("save", "restore"):
        sys.exit("usage: qmp.py save|restore SOCKET FILE SECONDS")
    what, path, state, secs = sys.argv[1:]
    qmp = None
    try:
        qmp = QMP(path, time.monotonic() + float(secs))
        (save if what == "save" else restore)(qmp, state)
    except (QMPError, OSError, ValueError) as e:
        print(f"qmp.py: {what} {state}: {e}", file=sys.stderr)
        if qmp is not None:
            qmp.quit()
        sys.exit(1)


if __name__ == "__main__":
    main()
