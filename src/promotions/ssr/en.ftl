# Coupon redemption and discounted prices at order intake.

redeem_err_unknown = The shops of this order have no coupon with the code { $code }.
redeem_err_not_active = Coupon { $code } was not within its period of use when the order was paid.
redeem_err_paused = Coupon { $code } was paused by the seller before the payment.
redeem_err_out_of_scope = Coupon { $code } does not apply to the products of this order.
redeem_err_below_minimum = Coupon { $code } applies from { $minimum } of eligible products.
redeem_err_exhausted = Coupon { $code } has been used up.
redeem_err_buyer_limit = Coupon { $code } may be used { $limit } times per buyer.
redeem_err_price_not_in_force = The unit price { $price } is not a discounted price in force at the payment time; the lowest price then was { $lowest }.
