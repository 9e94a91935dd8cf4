"""The build engine: steps with hashed inputs, the build state, parallel workers."""
