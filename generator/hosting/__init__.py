"""What a static host must do with the built site, in one place: the types, caching and
Content-Security-Policy (rules) and the precompressed siblings it serves (compress). `make
serve`, the README's nginx and Caddy configurations and the deploy tests all follow it."""
