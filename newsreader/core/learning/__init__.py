"""Collections that learn: a linear model per collection, and rules.

A learned collection is trained from its stories against the rest of the library
(and against the stories the reader rejected), ranks the articles not in it, and
tags new arrivals it is confident about as *suggested* until the reader accepts or
rejects them. Every suggestion carries its reasons: the words, phrases and entities
that weighed most for it. A rule is a saved search that tags what matches it.

- ``features``: articles -> TF-IDF vectors over words, phrases and entities
- ``training``: one scikit-learn linear model per collection, thresholds by
  cross-validation, scores calibrated to 0..1
- ``many``: many collections trained at once, on this process and a worker together
- ``scoring``: scores and reasons for a batch of articles under every model
- ``service``: the runs the Library offers (learn, arrivals, suggest, rules),
  reading and writing through ``store.learning``

Nothing here imports Qt; nothing here needs the network.
"""
