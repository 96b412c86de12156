import { XMLBuilder } from 'fast-xml-parser';
import type { FlowTestReport } from './flow-test.js';

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  cdataPropName: '#cdata',
  suppressEmptyNode: true,
});

/**
 * A `hotline test` report as JUnit XML (the format CI servers read): one
 * test suite per flow, one test case per path, each failing step as the
 * failure's text with the TwiML received.
 */
export function junitReport(reports: readonly FlowTestReport[], elapsedSec: number): string {
  const suites = reports.map((report) => ({
    '@_name': `hotline test ${report.flow}`,
    '@_tests': report.paths.length,
    '@_failures': report.paths.filter((p) => !p.passed).length,
    '@_errors': 0,
    '@_time': (elapsedSec / reports.length).toFixed(3),
    properties: {
      property: [
        { '@_name': 'criterion', '@_value': report.criterion },
        { '@_name': 'states', '@_value': `${report.states.covered}/${report.states.total}` },
        { '@_name': 'transitions', '@_value': `${report.transitions.covered}/${report.transitions.total}` },
        { '@_name': 'server', '@_value': report.baseUrl },
      ],
    },
    testcase: report.paths.map((path) => ({
      '@_classname': `${report.flow}.${path.direction}`,
      '@_name': `${path.name}: ${path.description}`,
      '@_time': '0',
      ...(path.passed
        ? {}
        : {
            failure: {
              '@_message': path.failures[0]?.problems[0] ?? 'failed',
              '@_type': 'StepMismatch',
              '#cdata': path.failures
                .map(
                  (f) =>
                    `step ${f.step} (${f.kind} at "${f.stateId}"):\n  ${f.problems.join('\n  ')}\nTwiML received:\n${f.twiml}`,
                )
                .join('\n\n')
                .replaceAll(']]>', ']]]]><![CDATA[>'),
            },
          }),
      'system-out': {
        '#cdata': `CallSid ${path.callSid}, ${path.requests} webhook requests, ${path.durationSec} s of call time`,
      },
    })),
  }));
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ testsuites: { '@_name': 'hotline test', testsuite: suites } })}`;
}
