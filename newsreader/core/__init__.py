"""The Qt-free core: storage, ingest, search. Nothing below here imports Qt."""
