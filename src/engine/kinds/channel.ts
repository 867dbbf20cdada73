/** The channel of the Interactions API's notifications, where message steps listen by default. */
export const DEFAULT_CHANNEL = '/v2/me/interactions';
