the sibling's secret
