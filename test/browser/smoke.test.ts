import { expect } from '@open-wc/testing';
import { CALLBACK_MESSAGE_TYPE } from '../../src/shared/protocol.js';

describe('test harness', () => {
  it('runs TypeScript in Chromium', () => {
    expect(CALLBACK_MESSAGE_TYPE).to.equal('metorial-connect:callback');
    expect(navigator.userAgent).to.contain('Chrome');
  });
});
