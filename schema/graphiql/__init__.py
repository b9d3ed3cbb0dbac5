"""GraphiQL served by Segmentum itself: the page, our script that asks for the API key, and the pinned GraphiQL
bundles with their licences (vendor/), all inside the package, so the page works without any other host."""
