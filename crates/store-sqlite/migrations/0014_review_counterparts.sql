-- A review is of someone the author dealt with in the exchange: they share
-- a leg, one giving to the other.

DROP TRIGGER exchange_reviews_parties;
CREATE TRIGGER exchange_reviews_parties BEFORE INSERT ON exchange_reviews
WHEN NOT EXISTS (SELECT 1 FROM exchanges e WHERE e.id = NEW.exchange_id AND e.status IN ('completed', 'reviewed'))
    OR NOT EXISTS (SELECT 1 FROM exchange_legs g WHERE g.exchange_id = NEW.exchange_id
                   AND ((g.from_account = NEW.author_account AND g.to_account = NEW.subject_account)
                     OR (g.from_account = NEW.subject_account AND g.to_account = NEW.author_account)))
BEGIN
    SELECT RAISE(ABORT, 'a review is by a party of someone it dealt with, in an exchange that is done');
END;
