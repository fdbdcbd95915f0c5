import { unsupportedNode } from './node-support';

describe('the Node.js the service starts on', () => {
  it('accepts a Node.js whose require() loads ES modules', () => {
    expect(unsupportedNode({ require_module: true }, 'v20.19.0')).toBeUndefined();
    expect(unsupportedNode({ require_module: true }, 'v22.12.0')).toBeUndefined();
  });

  it('refuses an older Node.js, in English and in French, naming it and the versions that work', () => {
    const m = unsupportedNode({}, 'v20.18.3')!;
    expect(m).toContain('Vigie needs Node.js 20.19 or later, or 22.12 or later');
    expect(m).toContain('Vigie a besoin de Node.js 20.19 ou plus récent, ou 22.12 ou plus récent');
    expect(m.match(/v20\.18\.3/g)).toHaveLength(2);
    expect(m).not.toContain('turned off');
  });

  it('says when a release that has the feature runs with it turned off', () => {
    for (const v of ['v20.20.2', 'v22.12.0', 'v24.1.0']) {
      const m = unsupportedNode({ require_module: false }, v)!;
      expect(m).toContain(`this is Node.js ${v} with require() of ES modules turned off`);
      expect(m).toContain(`celui-ci est Node.js ${v} où require() des modules ES est désactivé`);
    }
    expect(unsupportedNode({ require_module: false }, 'v22.11.0')).not.toContain('turned off');
  });
});
