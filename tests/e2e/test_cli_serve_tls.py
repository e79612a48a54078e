"""ecobarrier serve over TLS (--tls-cert, --tls-key): HTTPS answers with HSTS to a client that trusts the test
certificate, nothing for plain HTTP on the TLS port, and clear refusals (exit 2, the file named) of a key that is not
the certificate's, a file that cannot be read, or one of the two without the other. The certificate and keys are
the test-only ones of tests/data/tls."""
import http.client
import json
import os
import ssl
import subprocess
import tempfile
import unittest

from support import BIN, SOURCE, WorkspaceCase, run

TLS = os.path.join(SOURCE, "tests", "data", "tls")
CERT = os.path.join(TLS, "cert.pem")
KEY = os.path.join(TLS, "key.pem")
OTHER_KEY = os.path.join(TLS, "other_key.pem")


def serve(ws, *args):
    """Runs a serve that must refuse to start; returns the CompletedProcess (a timeout: it started after all)."""
    env = dict(os.environ)
    env.setdefault("ECOBARRIER_LANG", "en")
    return subprocess.run([BIN, "serve", ws, "--port", "0", "--no-warm", *args], capture_output=True, text=True,
                          env=env, timeout=60)


class ServeTlsTest(WorkspaceCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="ebe2e-tls-")
        cls.ws = cls.class_empty_workspace(cls.dir)
        run("init", cls.ws, check=0)
        env = dict(os.environ)
        env.setdefault("ECOBARRIER_LANG", "en")
        cls.err = tempfile.TemporaryFile(mode="w+")  # a pipe nobody reads would stall the server once full
        cls.proc = subprocess.Popen([BIN, "serve", cls.ws, "--port", "0", "--no-warm", "--tls-cert", CERT,
                                     "--tls-key", KEY], stdout=subprocess.PIPE, stderr=cls.err, text=True, env=env)
        cls.line = cls.proc.stdout.readline()
        if not cls.line.startswith("serving https://"):
            cls.proc.kill()
            cls.proc.wait()
            cls.err.seek(0)
            raise AssertionError("server did not start: " + cls.line + cls.err.read())
        cls.port = int(cls.line.strip().rstrip("/").rsplit(":", 1)[1])

    @classmethod
    def tearDownClass(cls):
        cls.proc.terminate()
        try:
            cls.proc.wait(10)
        except subprocess.TimeoutExpired:
            cls.proc.kill()
        cls.proc.stdout.close()
        cls.err.close()
        import shutil
        shutil.rmtree(cls.dir, ignore_errors=True)

    def https(self, path, method="GET", host="127.0.0.1"):
        context = ssl.create_default_context(cafile=CERT)
        c = http.client.HTTPSConnection(host, self.port, timeout=30, context=context)
        c.request(method, path)
        r = c.getresponse()
        body = r.read()
        c.close()
        return r, body

    def test_the_api_answers_over_tls_with_hsts(self):
        self.assertEqual(self.line.strip(), f"serving https://127.0.0.1:{self.port}/")
        for host in ("127.0.0.1", "localhost"):  # the certificate names both
            r, body = self.https("/api/v1/meta", host=host)
            self.assertEqual(r.status, 200, body[:300])
            self.assertIn("years", json.loads(body))
            self.assertEqual(r.getheader("Strict-Transport-Security"), "max-age=31536000; includeSubDomains")
            self.assertEqual(r.getheader("X-Frame-Options"), "DENY")
            self.assertEqual(r.getheader("Referrer-Policy"), "no-referrer")
            self.assertEqual(r.getheader("X-Content-Type-Options"), "nosniff")
        # Errors carry them too; the published endpoints stay read-only.
        r, body = self.https("/api/v1/meta", method="POST")
        self.assertEqual(r.status, 405)
        self.assertEqual(r.getheader("Allow"), "GET, HEAD")
        self.assertEqual(r.getheader("Strict-Transport-Security"), "max-age=31536000; includeSubDomains")
        self.assertEqual(json.loads(body)["error"]["code"], "method_not_allowed")

    def test_a_client_that_does_not_trust_the_certificate_is_refused(self):
        c = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=30, context=ssl.create_default_context())
        with self.assertRaises(ssl.SSLCertVerificationError):
            c.request("GET", "/api/v1/meta")
        c.close()

    def test_plain_http_to_the_tls_port_gets_no_answer(self):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        with self.assertRaises((http.client.HTTPException, OSError)):
            c.request("GET", "/api/v1/meta")
            c.getresponse().read()
        c.close()
        self.assertEqual(self.https("/api/v1/meta")[0].status, 200)  # and the server is unharmed
        self.assertIsNone(self.proc.poll())

    def test_a_key_that_is_not_the_certificates_is_refused(self):
        p = serve(self.ws, "--tls-cert", CERT, "--tls-key", OTHER_KEY)
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn(OTHER_KEY, p.stderr)
        self.assertIn(CERT, p.stderr)
        self.assertIn("certificate and key refused", p.stderr)
        self.assertNotIn("serving", p.stdout)

    def test_unreadable_or_half_given_tls_files_are_refused(self):
        missing = os.path.join(self.dir, "missing.pem")
        p = serve(self.ws, "--tls-cert", CERT, "--tls-key", missing)
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn(f"--tls-key {missing}: cannot read the file", p.stderr)
        # The key given as the certificate: not a certificate.
        p = serve(self.ws, "--tls-cert", KEY, "--tls-key", KEY)
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn(f"--tls-cert {KEY}: not a PEM file with a certificate", p.stderr)
        p = serve(self.ws, "--tls-cert", CERT)
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn("--tls-cert and --tls-key go together", p.stderr)


if __name__ == "__main__":
    unittest.main()
