#!/usr/bin/env python3
"""Sends the same edge-case requests (RFC 9112 framing, fields, targets, versions) to nginx and to
Kassa and prints both answers: status codes and whether the connection stayed open. Differences
Kassa makes on purpose are marked with the reason; any other difference is flagged with "≠".
Usage: compare-nginx.py NGINX_PORT KASSA_PORT (scripts/compare-nginx starts both)."""
import socket, sys

CASES = {
 "plain GET": b"GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n",
 "HTTP/1.0 no host": b"GET /healthz HTTP/1.0\r\n\r\n",
 "1.1 no host": b"GET /healthz HTTP/1.1\r\n\r\n",
 "two hosts": b"GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
 "HTTP/2.0": b"GET /healthz HTTP/2.0\r\nHost: a\r\n\r\n",
 "HTTP/1.2": b"GET /healthz HTTP/1.2\r\nHost: a\r\n\r\n",
 "HTTP/1.9 keep-alive": b"GET /healthz HTTP/1.9\r\nHost: a\r\n\r\nGET /healthz HTTP/1.1\r\nHost: a\r\n\r\n",
 # What can never be HTTP, without a line end: answered at its first byte, not at the head timeout.
 "TLS ClientHello": b"\x16\x03\x01\x00\xf1\x01\x00\x00\xed\x03\x03" + b"Z" * 32,
 "TLS header CRLF": b"\x16\x03\x01\x02\x00\r\n",
 "NUL first": b"\x00",
 "binary": b"\xff\xd8\xff\xe0\x00\x10JFIF",
 "control in target": b"GET /a\x01",
 "bad version": b"GET /healthz HTTX/1.1\r\nHost: a\r\n\r\n",
 "lowercase version": b"GET /healthz http/1.1\r\nHost: a\r\n\r\n",
 "space before colon": b"GET /healthz HTTP/1.1\r\nHost : a\r\n\r\n",
 "obs-fold": b"GET /healthz HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n",
 "NUL in value": b"GET /healthz HTTP/1.1\r\nHost: a\r\nX: a\x00b\r\n\r\n",
 "bare CR in value": b"GET /healthz HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n",
 "bare LF line endings": b"GET /healthz HTTP/1.1\nHost: a\n\n",
 "CL and TE": b"POST /debug/echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
 "CL +5": b"POST /debug/echo HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\nhello",
 "CL -1": b"POST /debug/echo HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n",
 "CL 5, 6": b"POST /debug/echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 6\r\n\r\nhello",
 "CL dup same": b"POST /debug/echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello",
 "CL dup diff": b"POST /debug/echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
 "CL overflow": b"POST /debug/echo HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n",
 "TE gzip": b"POST /debug/echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n",
 "TE chunked, gzip": b"POST /debug/echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
 "TE chunked twice": b"POST /debug/echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n",
 "TE on 1.0": b"POST /debug/echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
 "chunked ok": b"POST /debug/echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
 "chunk 0x5": b"POST /debug/echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n",
 "chunk ext": b"POST /debug/echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;a=b\r\nhello\r\n0\r\n\r\n",
 "chunk missing CRLF": b"POST /debug/echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n",
 "chunk huge size": b"POST /debug/echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\n",
 "trailer": b"POST /debug/echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-T: 1\r\n\r\n",
 "absolute form": b"GET http://a/healthz HTTP/1.1\r\nHost: a\r\n\r\n",
 "asterisk GET": b"GET * HTTP/1.1\r\nHost: a\r\n\r\n",
 "OPTIONS *": b"OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
 "fragment": b"GET /healthz#x HTTP/1.1\r\nHost: a\r\n\r\n",
 "404": b"GET /nope HTTP/1.1\r\nHost: a\r\n\r\n",
 "405": b"DELETE /healthz HTTP/1.1\r\nHost: a\r\n\r\n",
 "HEAD": b"HEAD /healthz HTTP/1.1\r\nHost: a\r\n\r\n",
 "empty lines first": b"\r\n\r\nGET /healthz HTTP/1.1\r\nHost: a\r\n\r\n",
 "double space": b"GET  /healthz HTTP/1.1\r\nHost: a\r\n\r\n",
 "tab separator": b"GET\t/healthz HTTP/1.1\r\nHost: a\r\n\r\n",
 "lowercase method": b"get /healthz HTTP/1.1\r\nHost: a\r\n\r\n",
 "long URI 10k": b"GET /" + b"a"*10000 + b" HTTP/1.1\r\nHost: a\r\n\r\n",
 "long header 10k": b"GET /healthz HTTP/1.1\r\nHost: a\r\nX: " + b"a"*10000 + b"\r\n\r\n",
 "huge head 100k": b"GET /healthz HTTP/1.1\r\nHost: a\r\n" + b"".join(b"X%d: %s\r\n" % (i, b"a"*900) for i in range(110)) + b"\r\n",
 "expect 100": b"POST /debug/echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\nhello",
 "expect other": b"POST /debug/echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: foo\r\n\r\nhello",
 "body too big CL": b"POST /debug/echo HTTP/1.1\r\nHost: a\r\nContent-Length: 2000000\r\n\r\n",
 "GET with body": b"GET /healthz HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabcGET /healthz HTTP/1.1\r\nHost: a\r\n\r\n",
 "percent path": b"GET /health%7A HTTP/1.1\r\nHost: a\r\n\r\n",
 "bad percent": b"GET /%zz HTTP/1.1\r\nHost: a\r\n\r\n",
 "host with path": b"GET /healthz HTTP/1.1\r\nHost: a/b\r\n\r\n",
 "empty header name": b"GET /healthz HTTP/1.1\r\nHost: a\r\n: x\r\n\r\n",
 "connection close": b"GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
 "1.0 keep-alive": b"GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
 "pipelined 3": b"GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n"*3,
 "POST no length": b"POST /debug/echo HTTP/1.1\r\nHost: a\r\n\r\n",
 "CONNECT": b"CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n",
 "UTF-8 in target": "GET /h\u00e9 HTTP/1.1\r\nHost: a\r\n\r\n".encode(),
 "obs-text in value": b"GET /healthz HTTP/1.1\r\nHost: a\r\nX: caf\xc3\xa9\r\n\r\n",
 "DEL in value": b"GET /healthz HTTP/1.1\r\nHost: a\r\nX: a\x7fb\r\n\r\n",
 "no colon": b"GET /healthz HTTP/1.1\r\nHost: a\r\nX-No-Colon\r\n\r\n",
 "empty Host": b"GET /healthz HTTP/1.1\r\nHost:\r\n\r\n",
 "IPv6 Host": b"GET /healthz HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n",
 "fold first field": b"GET /healthz HTTP/1.1\r\n Host: a\r\n\r\n",
 "TE Chunked case": b"POST /debug/echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
 "TE tab OWS": b"POST /debug/echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\tchunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
 "chunk upper hex": b"POST /debug/echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n",
 "chunk zeros": b"POST /debug/echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0003\r\nabc\r\n0000\r\n\r\n",
 "chunk bare LF": b"POST /debug/echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc\n0\n\n",
 "CL zeros": b"POST /debug/echo HTTP/1.1\r\nHost: a\r\nContent-Length: 003\r\n\r\nabc",
 "CL OWS": b"POST /debug/echo HTTP/1.1\r\nHost: a\r\nContent-Length:  3 \r\n\r\nabc",
 "CL empty": b"POST /debug/echo HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n",
 "close then more": b"GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nGET /healthz HTTP/1.1\r\nHost: a\r\n\r\n",
 "1.0 expect 100": b"POST /debug/echo HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc",
 "HEAD with body CL": b"HEAD /healthz HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc",
 "query only": b"GET /healthz? HTTP/1.1\r\nHost: a\r\n\r\n",
 "dot segments": b"GET /a/../healthz HTTP/1.1\r\nHost: a\r\n\r\n",
 "encoded slash": b"GET /health%2Fz HTTP/1.1\r\nHost: a\r\n\r\n",
 "HTTP/0.9": b"GET /healthz\r\n\r\n",
 "101 fields": b"GET /healthz HTTP/1.1\r\nHost: a\r\n" + b"".join(b"X-%d: v\r\n" % i for i in range(101)) + b"\r\n",
 "CR CR LF": b"GET /healthz HTTP/1.1\r\r\nHost: a\r\n\r\n",
 "absolute other host": b"GET http://other.example/healthz HTTP/1.1\r\nHost: a\r\n\r\n",
 "absolute https": b"GET https://a/healthz HTTP/1.1\r\nHost: a\r\n\r\n",
 "authority form GET": b"GET a:80 HTTP/1.1\r\nHost: a\r\n\r\n",
 "trailing space line": b"GET /healthz HTTP/1.1 \r\nHost: a\r\n\r\n",
 "leading space line": b" GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n",
 "value trailing tab": b"GET /healthz HTTP/1.1\r\nHost: a\t\r\n\r\n",
 "bad method char": b"GE(T /healthz HTTP/1.1\r\nHost: a\r\n\r\n",
 "long CL zeros": b"POST /debug/echo HTTP/1.1\r\nHost: a\r\nContent-Length: " + b"0"*40 + b"3\r\n\r\nabc",
 "TE twice lines": b"POST /debug/echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
 "TE identity": b"POST /debug/echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity\r\n\r\n",
 "TE and CL 0": b"POST /debug/echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n0\r\n\r\n",
 "chunk quoted ext": b"POST /debug/echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3;n=\"v;x\"\r\nabc\r\n0\r\n\r\n",
 "chunk size space": b"POST /debug/echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3 \r\nabc\r\n0\r\n\r\n",
 "trailer CL": b"POST /debug/echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nContent-Length: 9\r\n\r\n",
 "close, keep-alive": b"GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close, keep-alive\r\n\r\n",
 "absolute no path": b"GET http://a HTTP/1.1\r\nHost: a\r\n\r\n",
 "Host bad port": b"GET /healthz HTTP/1.1\r\nHost: a:99999\r\n\r\n",
 "Host with space": b"GET /healthz HTTP/1.1\r\nHost: a b\r\n\r\n",
 "name non-token": b"GET /healthz HTTP/1.1\r\nHost: a\r\nX@Y: v\r\n\r\n",
 "expect CL 0": b"POST /debug/echo HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 0\r\n\r\n",
 "upgrade ignored": b"GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n",
 "GET body pipelined": b"GET /healthz HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabcGET /healthz HTTP/1.1\r\nHost: a\r\n\r\n",
 "encoded NUL": b"GET /health%00z HTTP/1.1\r\nHost: a\r\n\r\n",
 "1.0 Host absent CL": b"POST /debug/echo HTTP/1.0\r\nContent-Length: 3\r\n\r\nabc",
}
# Where Kassa answers differently from nginx on purpose.
DELIBERATE = {
    "TE chunked twice": "chunked applied twice is malformed framing (RFC 9112 §6.1): 400; nginx says 501",
    "OPTIONS *": "OPTIONS * is answered with the server's Allow (RFC 9110 §9.3.7); nginx refuses it",
    "fragment": "a request-target has no fragment (RFC 9112 §3.2): 400; nginx ignores it",
    "405": "nginx's test location answers every method; Kassa routes by method",
    "double space": "exactly one SP between request-line parts (RFC 9112 §3): 400; nginx is lenient",
    "lowercase method": "methods are case-sensitive (RFC 9110 §9.1): `get` is an unknown method, 501",
    "long header 10k": "431 Request Header Fields Too Large (RFC 6585), nginx says 400",
    "huge head 100k": "431 Request Header Fields Too Large (RFC 6585), nginx says 400",
    "expect other": "an expectation other than 100-continue is 417 (RFC 9110 §10.1.1 allows it)",
    "body too big CL": "Kassa closes after a 413 instead of reading the refused body",
    "bad percent": "an invalid percent-encoding is the resource's 400, not a framing error: the connection stays",
    "UTF-8 in target": "a request-target holds URI characters only (RFC 9112 §3.2): raw UTF-8 is 400; nginx accepts it",
    "DEL in value": "DEL is a control character, not a field-vchar (RFC 9110 §5.5): 400; nginx accepts it",
    "no colon": "a field line without a colon is malformed (RFC 9112 §5): 400; nginx drops invalid lines",
    "TE tab OWS": "HTAB is optional whitespace (RFC 9110 §5.6.3): the coding is chunked; nginx keeps the tab and says 501",
    "chunk bare LF": "chunk lines end in CRLF (RFC 9112 §7.1; bare LF is a smuggling vector): 400; nginx accepts LF",
    "dot segments": "the path is routed as sent, not normalized: no route has /a/../healthz, 404",
    "HTTP/0.9": "issue 3: HTTP/1.0 and 1.1 only; a request-line without a version is 400 (nginx answers as 0.9)",
    "101 fields": "issue 3 limits the number of fields (100, Apache's default): 431; nginx limits bytes only",
    "trailing space line": "exactly one SP between request-line parts (RFC 9112 §3): `HTTP/1.1 ` is no version, 400",
    "value trailing tab": "HTAB after a value is optional whitespace (RFC 9112 §5): the Host is `a`; nginx refuses the tab",
    "chunk size space": "a chunk size is 1*HEXDIG, whitespace only before `;` (RFC 9112 §7.1.1): 400; nginx is lenient",
    "absolute no path": "the path is `/` (RFC 9112 §3.2.2): Kassa has nothing there, nginx serves its default index page",
    "name non-token": "a field name is a token (RFC 9110 §5.1): 400; nginx drops invalid lines",
    "expect CL 0": "no 100 Continue when there is no content to wait for (RFC 9110 §10.1.1 allows omitting it)",
    "encoded NUL": "an escaped NUL is the resource's 400, as an invalid escape (the connection stays); nginx closes",
}

def probe(port, data):
    s = socket.create_connection(("127.0.0.1", port)); s.settimeout(1.0)
    s.sendall(data)
    out = b""
    try:
        while True:
            c = s.recv(65536)
            if not c: out += b"<EOF>"; break
            out += c
    except socket.timeout: out += b"<open>"
    except ConnectionResetError: out += b"<RST>"
    s.close()
    statuses = [l.split(b" ")[1].decode() for l in out.split(b"\r\n") if l.startswith(b"HTTP/1.")]
    end = "close" if out.endswith(b"<EOF>") or out.endswith(b"<RST>") else "open"
    return " ".join(statuses) or "-", end
nginx_port, kassa_port = int(sys.argv[1]), int(sys.argv[2])
unexpected = 0
for name, data in CASES.items():
    n = probe(nginx_port, data); k = probe(kassa_port, data)
    if n == k: mark, note = "  ", ""
    elif name in DELIBERATE: mark, note = "~ ", "  (" + DELIBERATE[name] + ")"
    else: mark, note = "≠ ", ""; unexpected += 1
    print(f"{mark}{name:<22} nginx {n[0]:<10} {n[1]:<6} kassa {k[0]:<10} {k[1]:<6}{note}")
print(f"\n{len(CASES)} cases; {unexpected} unexpected difference(s); '~' marks a deliberate one")
