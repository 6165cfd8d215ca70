import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import SettingsDiffTable from '../../../../renderer/src/components/compare/SettingsDiffTable.svelte';
import type { LayerSpec } from '../../../../common/layers/types';
import { makeRunSummary, SMALL_LAYERS } from '../../fake-api';

const WIDE_CONV: LayerSpec = { type: 'conv2d', filters: 32, kernelSize: 3, strides: 1, padding: 'valid', activation: 'relu' };

describe('SettingsDiffTable', () => {
  it('lists only the settings that differ, with each run’s value', () => {
    const a = makeRunSummary({ id: 1, name: 'a', hyperparameters: { ...makeRunSummary().hyperparameters, learningRate: 0.001 } });
    const b = makeRunSummary({
      id: 2,
      name: 'b',
      layers: [WIDE_CONV, ...SMALL_LAYERS.slice(1)],
      hyperparameters: { ...makeRunSummary().hyperparameters, learningRate: 0.01 },
    });
    render(SettingsDiffTable, { runs: [a, b] });
    const table = screen.getByRole('table');
    const bodyRows = within(table).getAllByRole('row').slice(1);
    const settingRows = bodyRows.filter((row) => within(row).queryAllByRole('cell').length > 0);
    expect(settingRows.map((row) => within(row).getByRole('rowheader').textContent)).toEqual(['Layer 1', 'Learning rate']);
    expect(within(settingRows[0]).getAllByRole('cell').map((c) => c.textContent)).toEqual(['conv2d 8 3x3', 'conv2d 32 3x3']);
    expect(within(settingRows[1]).getAllByRole('cell').map((c) => c.textContent)).toEqual(['0.001', '0.01']);
    expect(screen.queryByText('Batch size')).not.toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: '#2 b' })).toBeInTheDocument();
  });

  it('says so when nothing differs', () => {
    render(SettingsDiffTable, { runs: [makeRunSummary({ id: 1 }), makeRunSummary({ id: 2 })] });
    expect(screen.getByText('All runs use the same architecture and training settings.')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});
