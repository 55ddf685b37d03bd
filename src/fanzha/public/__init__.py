"""The citizens' site under /public/: quiz, awareness survey, risk check, tips with receipt
codes. No login; nothing personal of anyone but the submitter ever shown."""
