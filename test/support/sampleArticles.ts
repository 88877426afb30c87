// One clean article and one with two errors, for the tests that run Dateline the way a user
// installs it (the npm package, the GitHub Action, the pre-commit hook).
export const GOOD_ARTICLE =
  'Publication: Harbour Review Volume: 3 Issue: 7\nDate: 2024-05-02\n\n“The new quay opens in June, on schedule,” the port authority said (Harbour Gazette, May 1).\n';

export const BAD_ARTICLE = 'Publication: Harbour Review Volume: 3\n\nThe quay opened (, May 1).\n';

/** The rule ids BAD_ARTICLE gets, in order. */
export const BAD_ARTICLE_CODES = ['front-matter-required', 'citation-empty-source'];
