"""`flask crm mail-listener` as its own process, as the Procfile and the README's deployment start it."""

from __future__ import annotations

import os
import signal
import smtplib
import subprocess
import sys

from tests.processes import ROOT, free_port


def test_the_mail_listener_command_serves_smtp_and_stops_on_sigterm(app, database_url, tmp_path):
    port = free_port()
    env = {**os.environ, "BONDGENOOT_ENV": "development", "DATABASE_URL": database_url, "SECRET_KEY": "x" * 64,
           "INSTANCE_PATH": str(tmp_path), "MAIL_INBOUND_DOMAIN": "log.example.test",
           "MAIL_INBOUND_MAX_BYTES": "123456", "LOG_LEVEL": "WARNING"}  # fmt: skip
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "crm", "mail-listener", "--port", str(port)]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        lines = []
        while not lines or "Listening for mail" not in lines[-1]:  # printed once the listener accepts connections
            line = process.stdout.readline().decode(errors="replace")
            assert line, "the listener stopped:\n" + "".join(lines)
            lines.append(line)
        assert f"*@log.example.test on 127.0.0.1:{port}" in lines[-1]
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
            smtp.ehlo()
            assert smtp.esmtp_features["size"] == "123456"
            smtp.mail("jan@ocw.test")
            code, _message = smtp.rcpt(f"log-{'0' * 32}@log.example.test")
            assert code == 550
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
