"""Process code in one place: how fabula starts and feeds the processes it runs in.

- :mod:`fabula.runtime.headstart`: the command line forks before importing anything heavy, and
  the child loads the language model while the parent reads (the one-shot's speed-up);
- :mod:`fabula.runtime.forked`: work a big read runs on the second core (a side pass, half the
  beta read's rules, the tags' scans, half a book's report) in a forked child, its result sent back.

What a pool worker (the corpus builder's, the web app's) does is :mod:`fabula.pool`'s, beside the
shells that run pools: it imports the renderers, which may use :mod:`fabula.runtime.forked`.
The head start and the pools hand the library an explicit :class:`fabula.config.Config` — how many processes NER may
use, whether a child already holds the model — instead of setting another module's globals.
"""
