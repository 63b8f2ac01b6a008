// What a test hears from a page besides its content: the documents it loads one after another
// (a page that reloads itself loads several), and anything the browser complains about.
import assert from 'node:assert/strict';

// Every response to a document the page's main frame loaded, in order, including those of
// navigations the page started itself (a reload, a meta refresh).
export function documentsOf(page) {
  const documents = [];
  page.on('response', (response) => {
    const request = response.request();
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) {
      documents.push(response);
    }
  });
  return documents;
}

// Console errors and uncaught exceptions of the page. A Content-Security-Policy violation, such
// as an inline script whose hash the policy does not list, is a console error in Chromium.
export function complaintsOf(page) {
  const complaints = [];
  page.on('console', (message) => {
    if (message.type() === 'error') complaints.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => complaints.push(`page error: ${error.message}`));
  return complaints;
}

export function assertNoComplaints(complaints, what) {
  assert.deepEqual(complaints, [], `${what}: the browser complained`);
}
