"""Publishing back to WordPress: the REST client (rest), the marked block (block) and the
run that brings posts in line with the built feed (publish)."""
