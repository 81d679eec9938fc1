"""The directory of services: the built-in authorities and demo services, service files and their
checks, full postcodes, the snapshot the engine reads, and opening times in words. Changing the
directory is `actions.directory`."""
