# Portineria — local actors

err-visibility = Choose who may see the profile: everyone, the network's members, or only the group itself.
error-actor-name-taken = There is already an actor with this name.
error-actor-last-owner = Every actor keeps at least one owner: name another one first.
error-actor-role = The role is "owner" or "member".
err-actor-role = The role is "owner" or "member".
err-unknown-hub = Unknown hub.
actors-lead = Associations, groups, shops, artisans, schools, public bodies and freelancers of the network.
actors-search-hint = for example: repairs, graphics, Pilastro
actors-kind = Kind
actors-any-kind = All kinds
actors-none = Nobody with these filters.
actors-verified = verified by the network
actors-skills = What they can do
actors-contacts = Contacts
actors-people = The people
actors-listings = Open offers and demands
actors-timebank = The time-bank account
actors-credit-limit = credit limit { $hours }
actor-role-owner = owner
actor-role-member = member
actors-verify = Verify for the network
actors-unverify = Take the verification back
actors-verified-done = Verified: it now shows as verified by the network.
actors-unverified-done = The verification was taken back.
