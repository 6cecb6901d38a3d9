#!/usr/bin/env python3
"""Loopback HTTP/1.1 endpoint for scripts/bench-outbound.

GET /slow answers after 1 s, anything else answers at once; keep-alive, tiny bodies.
Binds 127.0.0.1 only, prints the port on stdout, and exits when stdin closes or after
--lifetime seconds, whichever comes first (bounded: never outlives the benchmark).
"""
import argparse
import asyncio
import sys

RESPONSE = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok"


class Endpoint(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport
        self.buffer = b""

    def data_received(self, data):
        self.buffer += data
        loop = asyncio.get_running_loop()
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head, self.buffer = self.buffer[:end], self.buffer[end + 4:]
            target = head.split(b" ", 2)[1] if b" " in head else b"/"
            if target.startswith(b"/slow"):
                loop.call_later(1.0, self._answer)
            else:
                self._answer()

    def _answer(self):
        if not self.transport.is_closing():
            self.transport.write(RESPONSE)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lifetime", type=float, default=300.0)
    args = parser.parse_args()
    loop = asyncio.get_running_loop()
    # A backlog large enough for 1,000 simultaneous connects (the default 100 would drop SYNs).
    server = await loop.create_server(Endpoint, "127.0.0.1", 0, backlog=4096)
    print(server.sockets[0].getsockname()[1], flush=True)
    stdin_closed = loop.run_in_executor(None, sys.stdin.read)
    await asyncio.wait([asyncio.ensure_future(stdin_closed), asyncio.ensure_future(asyncio.sleep(args.lifetime))],
                       return_when=asyncio.FIRST_COMPLETED)
    server.close()


if __name__ == "__main__":
    asyncio.run(main())
