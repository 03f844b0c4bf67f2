"""Future community platform (未来社区建设管理平台) for Shaoxing."""
