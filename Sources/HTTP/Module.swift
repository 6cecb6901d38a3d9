// Module HTTP: the inbound HTTP/1.1 server. Knows nothing about payments.
enum HTTPModule {}
